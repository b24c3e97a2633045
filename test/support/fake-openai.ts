import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A message as the SDK sends it: text turns, the model's earlier tool calls, and their results. */
export interface ChatMessage {
  role: string;
  content: string | null;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ChatRequest {
  model: string;
  temperature?: number;
  messages: ChatMessage[];
  /** The functions offered, in the Chat Completions shape. */
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: object } }>;
  tool_choice?: string;
  authorization: string | undefined;
  /** performance.now() when the request arrived and when its answer went out (benchmarks). */
  receivedAt: number;
  answeredAt?: number;
}

/** An answer calling tools (Chat Completions `tool_calls`), optionally with some text. */
export interface ToolCallAnswer {
  content?: string | null;
  toolCalls: Array<{ name: string; arguments: object | string }>;
}

/** The results of the tools called in the request's latest round, parsed, in call order. */
export function toolResults(request: ChatRequest): Array<{ name: string; result: Record<string, unknown> }> {
  const calls = new Map<string, string>();
  for (const m of request.messages) for (const c of m.tool_calls ?? []) calls.set(c.id, c.function.name);
  const results: Array<{ name: string; result: Record<string, unknown> }> = [];
  for (let i = request.messages.length - 1; i >= 0 && request.messages[i].role === 'tool'; i--) {
    const m = request.messages[i];
    results.unshift({ name: calls.get(m.tool_call_id!) ?? '?', result: JSON.parse(m.content ?? 'null') });
  }
  return results;
}

/**
 * A local OpenAI-compatible server (POST /v1/chat/completions) for the real openai
 * SDK: records every request, answers through `respond`, can fail on demand.
 */
export class FakeOpenAI {
  readonly requests: ChatRequest[] = [];
  respond: (request: ChatRequest) => string | ToolCallAnswer = (request) =>
    `AI answer to: ${request.messages[request.messages.length - 1]?.content ?? ''}`;
  latencyMs = 0;
  url = '';
  private failures: number[] = [];
  private server: Server | null = null;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const request: ChatRequest = { ...body, authorization: req.headers.authorization, receivedAt };
    this.requests.push(request);
    if (this.latencyMs) await sleep(this.latencyMs);
    const failure = this.failures.shift();
    if (failure) {
      res
        .writeHead(failure, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: this.failureMessage(failure, req), type: 'server_error' } }));
      return;
    }
    const answer = this.respond(request);
    request.answeredAt = performance.now();
    const message = typeof answer === 'string' ? { role: 'assistant', content: answer } : toolMessage(answer);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-${randomBytes(8).toString('hex')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message,
            finish_reason: typeof answer === 'string' ? 'stop' : 'tool_calls',
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      }),
    );
  }

  /** As OpenAI answers a 401, the key it was sent is in the message: the app must not pass it on. */
  private failureMessage(status: number, req: IncomingMessage): string {
    if (status !== 401) return `fake failure ${status}`;
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    return `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  }

  failNext(status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(status);
  }

  reset(): void {
    this.requests.length = 0;
    this.failures = [];
    this.latencyMs = 0;
    this.respond = (request) => `AI answer to: ${request.messages[request.messages.length - 1]?.content ?? ''}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}

function toolMessage(answer: ToolCallAnswer) {
  return {
    role: 'assistant',
    content: answer.content ?? null,
    tool_calls: answer.toolCalls.map((call) => ({
      id: `call_${randomBytes(6).toString('hex')}`,
      type: 'function',
      function: {
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      },
    })),
  };
}
