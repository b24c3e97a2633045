import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { EventStreamConnection, MAX_UNSENT_BYTES } from './event-stream-connection';

/** Just enough of a ServerResponse: what was written, and whether it ended. */
class FakeResponse extends EventEmitter {
  chunks: string[] = [];
  status = 0;
  headers: Record<string, unknown> = {};
  writableEnded = false;
  writableLength = 0;
  writeHead(status: number, headers: Record<string, unknown>) {
    this.status = status;
    this.headers = headers;
  }
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  }
  end() {
    this.writableEnded = true;
  }
}

describe('EventStreamConnection', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const open = (stillAllowed = () => Promise.resolve(true)) => {
    const raw = new FakeResponse();
    const connection = new EventStreamConnection(raw as unknown as ServerResponse, {
      heartbeatMs: 15_000,
      stillAllowed,
    });
    connection.start({ 'x-frame-options': 'SAMEORIGIN' });
    return { raw, connection };
  };

  it('answers 200 text/event-stream, uncached, keeping the headers it was given, and frames events with their id', () => {
    const { raw, connection } = open();
    expect(raw.status).toBe(200);
    expect(raw.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'SAMEORIGIN',
    });
    connection.send({ id: '17-0', type: 'message', data: '{"id":"m1"}' });
    connection.notice('reset', { reason: 'gap' });
    expect(raw.chunks).toEqual([
      'retry: 3000\n\n',
      'id: 17-0\nevent: message\ndata: {"id":"m1"}\n\n',
      'event: reset\ndata: {"reason":"gap"}\n\n',
    ]);
    connection.end();
  });

  it('beats every 15 s, and ends when a beat finds the client no longer allowed', async () => {
    let allowed = true;
    const { raw, connection } = open(() => Promise.resolve(allowed));
    const ended = jest.fn();
    connection.onEnd(ended);
    await jest.advanceTimersByTimeAsync(15_000);
    expect(raw.chunks.at(-1)).toBe(': keep-alive\n\n');
    expect(connection.isOpen).toBe(true);
    allowed = false;
    await jest.advanceTimersByTimeAsync(15_000);
    expect(connection.isOpen).toBe(false);
    expect(raw.writableEnded).toBe(true);
    expect(ended).toHaveBeenCalledTimes(1);
    // Nothing more is written, and no timer is left.
    await jest.advanceTimersByTimeAsync(60_000);
    expect(raw.chunks.filter((c) => c.startsWith(':'))).toHaveLength(2);
  });

  it('ends once, when the client goes away, and lets a client that cannot keep up go', () => {
    const { raw, connection } = open();
    const ended = jest.fn();
    connection.onEnd(ended);
    raw.emit('close');
    raw.emit('close');
    expect(ended).toHaveBeenCalledTimes(1);

    const slow = open();
    slow.raw.writableLength = MAX_UNSENT_BYTES + 1;
    slow.connection.send({ id: '1-0', type: 'status', data: '{}' });
    expect(slow.connection.isOpen).toBe(false);
  });
});
