import { cpus } from 'node:os';
import { Harness, settleDatabase, waitFor } from '../test/support';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeSpan } from './spans';

/**
 * npm run bench:ai — what Switchboard adds around the model on an AI reply:
 * from the inbound webhook to the (fake) OpenAI request, and from OpenAI's answer
 * to the Twilio send. The model's own time is excluded by construction (the fake
 * answers at once, and its receive/answer instants bound the model span).
 * Webhooks arrive at a steady rate into the API and one built worker process.
 *
 * Then the same for the AskYourDatabase backend: the answer streams in over SSE in
 * chunks (the fake's pace, not ours), and what Switchboard adds is the time from the
 * stream's last chunk to the Twilio send (reading the end, storing the reply, the send).
 * Every message comes from a new number, so each also starts a chat (before the stream).
 */
const MESSAGES = Number(process.env.BENCH_AI_MESSAGES ?? 400);
const RATE = Number(process.env.BENCH_AI_RATE ?? 20);

describe('bench: AI reply overhead', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { LOG_LEVEL: 'silent' } });
    await h.truncate();
    await h.spawnWorker({ LOG_LEVEL: 'info' });
    const res = await h.admin('POST', '/api/ai/config', {
      enabled: true,
      systemPrompt: 'You are a helpful shop assistant.',
    });
    if (res.statusCode >= 300) throw new Error(`AI config: ${res.statusCode} ${res.body}`);
  }, 30_000);
  afterAll(() => h?.close());

  /** Sends `count` webhooks at RATE per second; returns when each was sent, by body. */
  async function sendAtRate(count: number, prefix: string): Promise<{ sentAt: Map<string, number>; acked: number[] }> {
    const sentAt = new Map<string, number>();
    const acked: number[] = [];
    const pending: Array<Promise<unknown>> = [];
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const body = `${prefix} question ${i}`;
      const at = performance.now();
      sentAt.set(body, at);
      pending.push(
        h.inbound(`+1555${String(3_000_000 + i).padStart(7, '0')}`, body).then((res) => {
          if (res.statusCode !== 200) throw new Error(`webhook ${res.statusCode}`);
          acked.push(performance.now() - at);
        }),
      );
    }
    await Promise.all(pending);
    return { sentAt, acked };
  }

  async function measure(count: number, prefix: string) {
    h.openai.reset();
    h.twilio.reset();
    const { sentAt, acked } = await sendAtRate(count, prefix);
    await waitFor(
      () => h.twilio.requests.filter((r) => r.method === 'POST').length >= count,
      `${count} AI replies`,
      120_000,
    );
    const modelBy = new Map(h.openai.requests.map((r) => [r.messages[r.messages.length - 1]?.content, r]));
    const sendBy = new Map(
      h.twilio.requests.filter((r) => r.method === 'POST').map((r) => [String(r.params.Body), r.receivedAt]),
    );
    const toModel: number[] = [];
    const toSend: number[] = [];
    const overhead: number[] = [];
    for (const [body, webhookAt] of sentAt) {
      const model = modelBy.get(body);
      const sendAt = sendBy.get(`AI answer to: ${body}`);
      if (!model?.answeredAt || sendAt === undefined) throw new Error(`no AI round trip for "${body}"`);
      toModel.push(model.receivedAt - webhookAt);
      toSend.push(sendAt - model.answeredAt);
      overhead.push(model.receivedAt - webhookAt + (sendAt - model.answeredAt));
    }
    return { toModel, toSend, overhead, acked };
  }

  /** The AskYourDatabase scenario: from the last SSE chunk written to the Twilio send, per message. */
  async function measureAskYourDatabase(count: number, prefix: string) {
    h.ayd.requests.length = 0;
    h.twilio.reset();
    const { sentAt, acked } = await sendAtRate(count, prefix);
    await waitFor(
      () => h.twilio.requests.filter((r) => r.method === 'POST').length >= count,
      `${count} AskYourDatabase replies`,
      120_000,
    );
    const askBy = new Map(h.ayd.asks.map((r) => [r.body.question, r]));
    const sendBy = new Map(
      h.twilio.requests.filter((r) => r.method === 'POST').map((r) => [String(r.params.Body), r.receivedAt]),
    );
    const toBackend: number[] = [];
    const lastChunkToSend: number[] = [];
    for (const [body, webhookAt] of sentAt) {
      const ask = askBy.get(body);
      const sendAt = sendBy.get(`AYD answer to: ${body}`);
      if (!ask?.lastChunkAt || sendAt === undefined) throw new Error(`no AskYourDatabase round trip for "${body}"`);
      toBackend.push(ask.receivedAt - webhookAt);
      lastChunkToSend.push(sendAt - ask.lastChunkAt);
    }
    return { toBackend, lastChunkToSend, acked };
  }

  it('measures', async () => {
    await settleDatabase();
    await measure(50, 'warm-up');
    const { toModel, toSend, overhead, acked } = await measure(MESSAGES, 'bench');
    const line = {
      bench: 'ai-reply-overhead',
      messages: MESSAGES,
      ratePerSecond: RATE,
      overheadMs: describeSpan(overhead),
      webhookToModelMs: describeSpan(toModel),
      webhookAnsweredMs: describeSpan(acked),
      modelToTwilioMs: describeSpan(toSend),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    expect(overhead).toHaveLength(MESSAGES);

    const configured = await h.configureAskYourDatabase();
    if (configured.statusCode >= 300) throw new Error(`AskYourDatabase config: ${configured.statusCode}`);
    await settleDatabase();
    await measureAskYourDatabase(50, 'ayd-warm-up');
    const ayd = await measureAskYourDatabase(MESSAGES, 'ayd-bench');
    const lastChunkToTwilioMs = describeSpan(ayd.lastChunkToSend);
    const aydLine = {
      bench: 'ai-reply-overhead-askyourdatabase',
      messages: MESSAGES,
      ratePerSecond: RATE,
      sseChunks: h.ayd.textEvents,
      lastChunkToTwilioMs,
      targetP95Ms: 30,
      openaiModelToTwilioMs: line.modelToTwilioMs,
      webhookToBackendMs: describeSpan(ayd.toBackend),
      webhookAnsweredMs: describeSpan(ayd.acked),
      machine: line.machine,
    };
    process.stdout.write(`${JSON.stringify(aydLine)}\n`);
    expect(ayd.lastChunkToSend).toHaveLength(MESSAGES);
  }, 300_000);
});
