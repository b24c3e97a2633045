import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A request the fake received, as it came (the `authorization` header is kept to prove which key was sent). */
export interface AydRequest {
  path: string;
  authorization: string | undefined;
  body: { question?: string; botid?: string; chatid?: string };
  /** performance.now() when it arrived, and when the last chunk of its answer was written (benchmarks). */
  receivedAt: number;
  lastChunkAt?: number;
  /** The HTTP status it was answered with. */
  status?: number;
}

/**
 * A local AskYourDatabase (askyourdatabase.com/docs/api-ask, /docs/api-new-chat) as a real HTTP
 * server, for end-to-end tests and benchmarks: `POST /api/chatbot/newChat` makes a chat id,
 * `POST /api/ask` answers as `text/event-stream` in several chunks written over time (a
 * chunk may end mid-event, as TCP may cut it), with `isSQL` events between the text ones that
 * a client must skip. It refuses a wrong key, and a chat it does not know or has dropped
 * (401, as AskYourDatabase answers an expired chat); it can stall mid-answer (the timeout) and
 * records every request.
 */
export class FakeAskYourDatabase {
  readonly apiKey = `ayd-test-${randomUUID()}`;
  readonly botId = 'bot_switchboard_test';
  readonly requests: AydRequest[] = [];
  /** The answer to a question, split into chunks on the wire. */
  respond: (question: string, chatId: string) => string = (question) => `AYD answer to: ${question}`;
  /** How many text events an answer is cut into (each written as its own chunk, some split mid-line). */
  textEvents = 3;
  /** Pause between two chunks of an answer. */
  chunkDelayMs = 5;
  /** Stops writing after the first chunk for this long before ending the stream (0: not stalled). */
  stallMs = 0;
  /** A chat older than this gets 401 (0: chats never expire). */
  chatLifetimeMs = 0;
  /** Every /api/ask answers 401 (a key AskYourDatabase stopped accepting for questions). */
  refuseAllQuestions = false;
  url = '';
  private readonly chats = new Map<string, number>();
  private server: Server | null = null;
  /** Ends the pauses of answers still streaming when the server stops, so no timer outlives a test. */
  private stopping = new AbortController();

  async start(): Promise<this> {
    this.stopping = new AbortController();
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The chat ids made so far, oldest first. */
  get chatIds(): string[] {
    return [...this.chats.keys()];
  }

  /** Questions asked, in order. */
  get asks(): AydRequest[] {
    return this.requests.filter((r) => r.path === '/api/ask');
  }

  get newChats(): AydRequest[] {
    return this.requests.filter((r) => r.path === '/api/chatbot/newChat');
  }

  /** Drops every chat made so far: the next question in one of them gets 401, as after AskYourDatabase expired it. */
  forgetChats(): void {
    this.chats.clear();
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: AydRequest['body'] = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AydRequest['body'];
    } catch {
      // Recorded as empty: the status below says what the fake made of it.
    }
    const request: AydRequest = { path: req.url ?? '', authorization: req.headers.authorization, body, receivedAt };
    this.requests.push(request);
    const answer = (status: number, json: object) => {
      request.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (req.method !== 'POST') return answer(405, { error: 'method not allowed' });
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return answer(401, { error: 'Authentication failed' });
    if (body.botid !== this.botId) return answer(404, { error: 'Chatbot not found or access denied' });
    if (request.path === '/api/chatbot/newChat') {
      const chatid = `chat_${randomUUID()}`;
      this.chats.set(chatid, Date.now());
      return answer(200, { chatid });
    }
    if (request.path !== '/api/ask') return answer(404, { error: 'not found' });
    if (typeof body.question !== 'string' || typeof body.chatid !== 'string')
      return answer(400, { error: 'question and chatid are required' });
    const madeAt = this.chats.get(body.chatid);
    const expired = madeAt === undefined || (this.chatLifetimeMs > 0 && Date.now() - madeAt > this.chatLifetimeMs);
    if (this.refuseAllQuestions || expired) return answer(401, { error: 'Authentication failed' });
    request.status = 200;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    await this.stream(res, this.respond(body.question, body.chatid));
    request.lastChunkAt = performance.now();
    res.end();
  }

  /** The answer as SSE: text events with an isSQL event between them, cut into chunks that may end mid-event. */
  private async stream(res: ServerResponse, text: string): Promise<void> {
    const size = Math.ceil(text.length / this.textEvents);
    const events: string[] = [];
    for (let i = 0; i < this.textEvents; i++) {
      const content = text.slice(i * size, (i + 1) * size);
      if (!content) continue;
      events.push(`data: ${JSON.stringify({ isText: true, content })}\n\n`);
      if (i === 0) events.push(`data: ${JSON.stringify({ id: 'executeSQL_1', isSQL: true, sql: 'SELECT 1' })}\n\n`);
    }
    for (const [i, event] of events.entries()) {
      // Every other event goes out in two writes, cut inside its JSON.
      const cut = i % 2 === 1 ? Math.floor(event.length / 2) : event.length;
      for (const part of [event.slice(0, cut), event.slice(cut)].filter(Boolean)) {
        if (res.destroyed) return;
        res.write(part);
        if (this.chunkDelayMs) await this.pause(this.chunkDelayMs);
      }
      if (i === 0 && this.stallMs) await this.pause(this.stallMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  reset(): void {
    this.requests.length = 0;
    this.chats.clear();
    this.respond = (question) => `AYD answer to: ${question}`;
    this.textEvents = 3;
    this.chunkDelayMs = 5;
    this.stallMs = 0;
    this.chatLifetimeMs = 0;
    this.refuseAllQuestions = false;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.stopping.abort();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}
