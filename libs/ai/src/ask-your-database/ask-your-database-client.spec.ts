import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { AiBackendError } from '../ai-backend-error';
import { AskYourDatabaseClient, MAX_ANSWER_CHARS } from './ask-your-database-client';
import { baseUrlProblem } from './base-url';

/**
 * The client against a real local HTTP server answering as the test says: the stream's
 * edge cases (events cut anywhere, a last event without its blank line, caps) that the
 * end-to-end fake does not produce.
 */
describe('AskYourDatabaseClient', () => {
  let server: Server;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  let baseUrl: string;
  const client = new AskYourDatabaseClient();
  const target = () => ({ baseUrl, botId: 'bot', apiKey: 'key-1234' });
  const signal = () => AbortSignal.timeout(5_000);
  const sse = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  const text = (content: string) => `data: ${JSON.stringify({ isText: true, content })}\n\n`;

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const reason = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: unknown) => (error instanceof AiBackendError ? error.reason : String(error)),
    );

  it('joins text events cut at every byte, skips other events and non-JSON data, keeps a last event without its blank line', async () => {
    const wire =
      ': a comment\n\n' +
      text('Héllo, ') +
      'data: {"isSQL": true, "sql": "SELECT 1"}\n\n' +
      'data: [DONE]\n\n' +
      text('wörld') +
      'data: {"isText": true, "content": "!"}';
    handler = (_req, res) => {
      sse(res);
      // One byte at a time: multi-byte characters and lines split across chunks.
      const bytes = Buffer.from(wire);
      let i = 0;
      const next = () => (i < bytes.length ? res.write(bytes.subarray(i, ++i), next) : res.end());
      next();
    };
    await expect(client.ask(target(), { chatId: 'c', text: 'q' }, signal())).resolves.toBe('Héllo, wörld!');
  });

  it('sends the question, bot and chat with the key as a bearer token', async () => {
    let seen: { auth?: string; body?: string } = {};
    handler = (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen = { auth: req.headers.authorization, body };
        sse(res);
        res.end(text('ok'));
      });
    };
    await client.ask(target(), { chatId: 'chat_1', text: 'How many?' }, signal());
    expect(seen.auth).toBe('Bearer key-1234');
    expect(JSON.parse(seen.body!)).toEqual({ question: 'How many?', botid: 'bot', chatid: 'chat_1' });
  });

  it('refuses an answer over the cap, a non-stream answer, an empty stream, a redirect, 401 and 5xx by reason', async () => {
    const big = 'x'.repeat(8 * 1024);
    const cases: Array<[string, (res: ServerResponse) => void]> = [
      [
        'too_large',
        (res) => {
          sse(res);
          for (let i = 0; i <= MAX_ANSWER_CHARS / big.length; i++) res.write(text(big));
          res.end();
        },
      ],
      ['bad_response', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"answer":"hi"}')],
      ['empty', (res) => (sse(res), res.end('data: {"isSQL": true}\n\n'))],
      // Not followed: the key would go to wherever it points.
      ['bad_response', (res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end()],
      ['unauthorized', (res) => res.writeHead(401).end('{"error":"Authentication failed"}')],
      ['http_error', (res) => res.writeHead(503).end()],
    ];
    for (const [expected, answer] of cases) {
      handler = (_req, res) => answer(res);
      expect([expected, await reason(client.ask(target(), { chatId: 'c', text: 'q' }, signal()))]).toEqual([
        expected,
        expected,
      ]);
    }
  });

  it('stops at the deadline with the timeout reason, and reports an unreachable server', async () => {
    handler = (_req, res) => {
      sse(res);
      res.write(text('partial '));
      // …and nothing more.
    };
    await expect(reason(client.ask(target(), { chatId: 'c', text: 'q' }, AbortSignal.timeout(200)))).resolves.toBe(
      'timeout',
    );
    const closed = { ...target(), baseUrl: 'http://127.0.0.1:1' };
    await expect(reason(client.ask(closed, { chatId: 'c', text: 'q' }, signal()))).resolves.toBe('unreachable');
  });

  it('makes a new chat, and refuses an answer without a chat id', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"chatid":"chat_9"}');
    await expect(client.newChat(target(), signal())).resolves.toBe('chat_9');
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}');
    await expect(reason(client.newChat(target(), signal()))).resolves.toBe('bad_response');
  });
});

describe('baseUrlProblem', () => {
  it('takes https anywhere, http only on this machine unless any http is allowed', () => {
    expect(baseUrlProblem('https://www.askyourdatabase.com', false)).toBeNull();
    expect(baseUrlProblem('https://ayd.example.com/prefix/', false)).toBeNull();
    expect(baseUrlProblem('http://127.0.0.1:8080', false)).toBeNull();
    expect(baseUrlProblem('http://localhost:8080', false)).toBeNull();
    expect(baseUrlProblem('http://[::1]:8080', false)).toBeNull();
    expect(baseUrlProblem('http://ayd.local:8080', true)).toBeNull();
    expect(baseUrlProblem('http://ayd.example.com', false)).toMatch(/must use https/);
    expect(baseUrlProblem('http://127.0.0.1.nip.io', false)).toMatch(/must use https/);
    expect(baseUrlProblem('gopher://x', true)).toMatch(/not gopher:/);
    expect(baseUrlProblem('https://a:b@x.example.com', false)).toMatch(/credentials/);
    expect(baseUrlProblem('https://x.example.com#frag', false)).toMatch(/query or fragment/);
  });
});
