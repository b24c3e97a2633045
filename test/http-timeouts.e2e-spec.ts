import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_KEY, Harness } from './support';

/**
 * The pen test held 1,500 slow-body connections for 40 s: no request, header or body timeout.
 * These run over real sockets against the listening API (app.inject has no socket to time out).
 */
describe('HTTP timeouts', () => {
  let h: Harness;
  let port: number;
  const REQUEST_MS = 1_500;
  const HEADERS_MS = 1_000;
  const KEEP_ALIVE_MS = 500;

  beforeAll(async () => {
    h = await Harness.start({
      worker: false,
      env: {
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
        HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS),
      },
    });
    await h.api.listen(0, '127.0.0.1');
    port = (h.api.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => h.close());

  /** A raw connection; resolves `closed` with what the server sent and when it hung up. */
  async function open() {
    const socket: Socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const started = Date.now();
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', () => undefined); // a reset is one way of being cut off
    const closed = new Promise<{ afterMs: number; received: string }>((resolve) =>
      socket.once('close', () => resolve({ afterMs: Date.now() - started, received })),
    );
    return { socket, closed, started };
  }

  /** Writes `text` one byte every `everyMs` until the socket closes or `text` runs out. */
  async function drip(socket: Socket, text: string, everyMs: number): Promise<void> {
    for (const byte of text) {
      if (socket.destroyed || !socket.writable) return;
      socket.write(byte);
      await sleep(everyMs);
    }
  }

  const within = <T>(promise: Promise<T>, ms: number, what: string) =>
    Promise.race([
      promise,
      sleep(ms).then(() => {
        throw new Error(`${what} was still open after ${ms} ms`);
      }),
    ]);

  it('cuts off a client sending its body byte by byte slower than the request timeout', async () => {
    const { socket, closed } = await open();
    const body = JSON.stringify({ to: '+15557654321', body: 'x'.repeat(150) });
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ${ADMIN_KEY}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    // ~180 bytes at 10 per second: 18 s if nobody stops it.
    void drip(socket, body, 100);
    const { afterMs, received } = await within(closed, REQUEST_MS + 3_000, 'the slow-body connection');
    socket.destroy();
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_MS - 100);
    // Node answers 408 when it can, then closes; never a 2xx for a body that did not arrive in time.
    expect(received).not.toMatch(/^HTTP\/1\.1 2/);
    expect(await h.prisma.message.count({ where: { body: { startsWith: 'xxx' } } })).toBe(0);
  }, 15_000);

  it('cuts off a client sending its headers byte by byte (slowloris)', async () => {
    const { socket, closed } = await open();
    void drip(socket, `GET /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`, 100);
    const { afterMs } = await within(closed, HEADERS_MS + 3_000, 'the slow-header connection');
    socket.destroy();
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_MS - 100);
  }, 15_000);

  it('closes a kept-alive connection left idle', async () => {
    const { socket, closed } = await open();
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    const { afterMs, received } = await within(closed, KEEP_ALIVE_MS + 3_000, 'the idle kept-alive connection');
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(afterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 100);
  }, 15_000);

  it('still serves a body that arrives slowly but in time', async () => {
    const { socket, closed } = await open();
    const body = JSON.stringify({ to: '+15557654321', body: 'slow but in time' });
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ${ADMIN_KEY}\r\nConnection: close\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    await drip(socket, body, 10);
    const { received } = await within(closed, 5_000, 'the in-time request');
    expect(received).toMatch(/^HTTP\/1\.1 201/);
  }, 15_000);
});
