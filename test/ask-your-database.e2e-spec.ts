import { DEFAULT_BUSINESS_ID, SecretBox } from '@app/common';
import { MaintenanceProcessor } from '../apps/worker/src/jobs/maintenance.processor';
import { SharedCounters } from '@app/queue';
import { ADMIN_KEY, BUSINESS_NUMBER, Harness, waitFor } from './support';

const CUSTOMER = '+15557654321';
const OTHER_CUSTOMER = '+15557650000';
const ACME_NUMBER = '+15005550123';
const FALLBACK = 'Sorry, we could not answer right now. We will get back to you soon.';
const DAY = 24 * 3600_000;

/**
 * A business whose AI is AskYourDatabase (issue 16): through the signed webhook, the worker,
 * the fake AskYourDatabase (a real HTTP server streaming SSE in chunks over time) and the fake
 * Twilio. One chat per business and number, kept AI_SESSION_DAYS, renewed once on a 401;
 * AI_TIMEOUT_MS bounds an answer, and the customer then gets the fallback text, never a part.
 */
describe('AI backend: AskYourDatabase', () => {
  let h: Harness;

  beforeAll(async () => {
    // A short deadline, so the stalled backend's test takes seconds, not a minute.
    h = await Harness.start({ env: { AI_TIMEOUT_MS: '1500' } });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.startOver();
    const res = await h.configureAskYourDatabase();
    expect(res.statusCode).toBe(200);
  });

  /** Moves "now" for both apps' rules by `offsetMs` (0: the real time). */
  const setClock = (offsetMs: number) => h.setClockOffset(offsetMs);

  /** Texts the business and waits for the answer at Twilio (the nth message sent in this test). */
  async function ask(from: string, body: string, n: number, to = BUSINESS_NUMBER) {
    expect((await h.inbound(from, body, { To: to })).statusCode).toBe(200);
    await waitFor(() => h.twilio.sent.length >= n, `${n} message(s) at Twilio`);
    return h.twilio.sent[n - 1];
  }

  const sessions = () => h.prisma.aiSession.findMany({ orderBy: { createdAt: 'asc' } });
  /** A counter's series as GET /metrics shows it (0 when absent), after the worker flushed its counts. */
  const metric = async (series: string) => {
    await h.worker!.get(SharedCounters).flush();
    const res = await h.api.inject({ method: 'GET', url: '/metrics', headers: { 'x-api-key': ADMIN_KEY } });
    const line = res.body.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length)) : 0;
  };

  describe('configuration', () => {
    it('stores the key sealed and never shows it; GET says which backend answers', async () => {
      const res = await h.admin('GET', '/api/ai/config');
      expect(res.json()).toMatchObject({
        enabled: true,
        backend: 'askyourdatabase',
        baseUrl: h.ayd.url,
        botId: h.ayd.botId,
        apiKeySet: true,
        apiKey: `…${h.ayd.apiKey.slice(-4)}`,
        active: true,
        unavailableReason: null,
      });
      expect(res.body).not.toContain(h.ayd.apiKey);
      const row = await h.prisma.aiConfig.findUniqueOrThrow({ where: { businessId: DEFAULT_BUSINESS_ID } });
      expect(SecretBox.isSealed(row.apiKey!)).toBe(true);
      expect(row.apiKey).not.toContain(h.ayd.apiKey);
    });

    it('answers 400 naming the field for an incomplete or dangerous configuration, never 5xx', async () => {
      await h.truncate();
      const bad: Array<[object, string]> = [
        [{ backend: 'askyourdatabase', botId: 'b', apiKey: 'k' }, 'baseUrl is required'],
        [{ backend: 'askyourdatabase', baseUrl: 'https://ayd.example.com', apiKey: 'k' }, 'botId is required'],
        [{ backend: 'askyourdatabase', baseUrl: 'https://ayd.example.com', botId: 'b' }, 'apiKey is required'],
        [{ backend: 'mystery' }, 'backend must be one of: openai, askyourdatabase'],
        [{ baseUrl: 'not a url' }, 'baseUrl must be an absolute https:// URL'],
        [{ baseUrl: 'http://ayd.example.com' }, 'baseUrl must use https://'],
        [{ baseUrl: 'http://10.0.0.5:8080' }, 'baseUrl must use https://'],
        [{ baseUrl: 'ftp://ayd.example.com' }, 'baseUrl must be an https:// URL, not ftp:'],
        [{ baseUrl: 'file:///etc/passwd' }, 'baseUrl must be an https:// URL, not file:'],
        [{ baseUrl: 'javascript:alert(1)' }, 'baseUrl must be an https:// URL, not javascript:'],
        [{ baseUrl: 'https://user:pw@ayd.example.com' }, 'baseUrl must not contain credentials'],
        [{ baseUrl: 'https://ayd.example.com/?next=http://evil' }, 'baseUrl must not have a query'],
        [{ baseUrl: `https://ayd.example.com/${'a'.repeat(600)}` }, 'baseUrl must be shorter than or equal to 500'],
        [{ baseUrl: 42 }, 'baseUrl must be a string'],
        [{ botId: 'two words' }, 'botId must be printable ASCII'],
      ];
      for (const [body, message] of bad) {
        const res = await h.admin('POST', '/api/ai/config', body);
        expect({ body, status: res.statusCode }).toEqual({ body, status: 400 });
        expect(JSON.stringify(res.json().message)).toContain(message);
      }
      // Nothing was stored by the refused requests.
      expect(await h.prisma.aiConfig.findUnique({ where: { businessId: DEFAULT_BUSINESS_ID } })).toMatchObject({
        backend: 'openai',
        baseUrl: null,
      });
    });

    it('never sends a stored key to another server: a new baseUrl or backend needs the key again', async () => {
      const moved = await h.admin('POST', '/api/ai/config', { baseUrl: 'https://elsewhere.example.com' });
      expect(moved.statusCode).toBe(400);
      expect(moved.json().message.join()).toContain('apiKey is required when backend or baseUrl changes');
      const back = await h.admin('POST', '/api/ai/config', { backend: 'openai' });
      expect(back.statusCode).toBe(400);
      // With the key (or null, to fall back to OPENAI_API_KEY) it goes through.
      expect((await h.admin('POST', '/api/ai/config', { backend: 'openai', apiKey: null })).statusCode).toBe(200);
      expect((await h.admin('GET', '/api/ai/config')).json()).toMatchObject({ backend: 'openai', apiKeySet: true });
    });

    it('starts every contact on a new chat after the bot changes', async () => {
      await ask(CUSTOMER, 'first', 1);
      expect(await sessions()).toHaveLength(1);
      expect((await h.configureAskYourDatabase({ botId: 'bot_other' })).statusCode).toBe(200);
      expect(await sessions()).toEqual([]);
    });

    it('answers POST /api/ai/test from AskYourDatabase in a chat of its own, storing no session', async () => {
      const res = await h.admin('POST', '/api/ai/test', { prompt: 'How many orders today?' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ reply: 'AYD answer to: How many orders today?' });
      expect(h.ayd.newChats).toHaveLength(1);
      expect(await sessions()).toEqual([]);
      // A refused key is a 502 that does not repeat it.
      h.ayd.refuseAllQuestions = true;
      const refused = await h.admin('POST', '/api/ai/test', { prompt: 'again' });
      expect(refused.statusCode).toBe(502);
      expect(refused.body).toContain('answered 401');
      expect(refused.body).not.toContain(h.ayd.apiKey);
    });
  });

  describe('answers and sessions', () => {
    it('streams the answer in, skips the SQL events, and sends it whole', async () => {
      h.ayd.respond = () => 'Today you had 42 orders, 12 more than yesterday. The biggest was from Acme Corp.';
      h.ayd.textEvents = 5;
      const reply = await ask(CUSTOMER, 'How many orders today?', 1);
      expect(reply).toMatchObject({
        to: CUSTOMER,
        from: BUSINESS_NUMBER,
        body: 'Today you had 42 orders, 12 more than yesterday. The biggest was from Acme Corp.',
      });
      const [newChat, question] = h.ayd.requests;
      expect(newChat).toMatchObject({ path: '/api/chatbot/newChat', body: { botid: h.ayd.botId } });
      expect(question).toMatchObject({
        path: '/api/ask',
        authorization: `Bearer ${h.ayd.apiKey}`,
        body: { question: 'How many orders today?', botid: h.ayd.botId, chatid: h.ayd.chatIds[0] },
      });
      // The history is AskYourDatabase's to keep: no OpenAI call.
      expect(h.openai.requests).toEqual([]);
      const stored = await h.prisma.message.findFirstOrThrow({ where: { direction: 'outbound' } });
      expect(stored).toMatchObject({ source: 'ai', errorMessage: null });
    });

    it('keeps one chat per number across messages, and a chat of its own for each number', async () => {
      await ask(CUSTOMER, 'one', 1);
      await ask(CUSTOMER, 'two', 2);
      await ask(OTHER_CUSTOMER, 'three', 3);
      await ask(CUSTOMER, 'four', 4);
      expect(h.twilio.sent.map((m) => [m.to, m.body])).toEqual([
        [CUSTOMER, 'AYD answer to: one'],
        [CUSTOMER, 'AYD answer to: two'],
        [OTHER_CUSTOMER, 'AYD answer to: three'],
        [CUSTOMER, 'AYD answer to: four'],
      ]);
      expect(h.ayd.newChats).toHaveLength(2);
      const [first, second] = h.ayd.chatIds;
      expect(h.ayd.asks.map((r) => r.body.chatid)).toEqual([first, first, second, first]);
      expect((await sessions()).map((s) => [s.participant, s.chatId])).toEqual([
        [CUSTOMER, first],
        [OTHER_CUSTOMER, second],
      ]);
    });

    it('renews a chat the backend refuses (401) with exactly one retry', async () => {
      const renewals = 'switchboard_ai_sessions_total{reason="unauthorized",business="default"}';
      const before = await metric(renewals);
      await ask(CUSTOMER, 'one', 1);
      h.ayd.forgetChats();
      const reply = await ask(CUSTOMER, 'two', 2);
      expect(reply.body).toBe('AYD answer to: two');
      // The fake forgot the first chat: the one it knows is the renewal's.
      const [newChat] = h.ayd.chatIds;
      const asks = h.ayd.asks;
      expect(asks.map((r) => r.status)).toEqual([200, 401, 200]);
      expect(asks[1].body.chatid).toBe(asks[0].body.chatid);
      expect(asks[2].body.chatid).toBe(newChat);
      expect((await sessions()).map((s) => s.chatId)).toEqual([newChat]);
      expect(await metric(renewals)).toBe(before + 1);
    });

    it('falls back after a second 401, asking no third time, and records why on the inbound message', async () => {
      const failures =
        'switchboard_ai_failures_total{backend="askyourdatabase",reason="unauthorized",business="default"}';
      const before = await metric(failures);
      h.ayd.refuseAllQuestions = true;
      const reply = await ask(CUSTOMER, 'Orders?', 1);
      expect(reply.body).toBe(FALLBACK);
      await h.settle();
      expect(h.ayd.asks.map((r) => r.status)).toEqual([401, 401]);
      expect(h.ayd.newChats).toHaveLength(2);
      const inbound = await h.prisma.message.findFirstOrThrow({ where: { direction: 'inbound' } });
      expect(inbound.errorMessage).toMatch(/^AI \(askyourdatabase\) failed: unauthorized: /);
      expect(inbound.errorMessage).not.toContain(h.ayd.apiKey);
      // The reply's own error fields stay Twilio's.
      expect(await h.prisma.message.findFirstOrThrow({ where: { direction: 'outbound' } })).toMatchObject({
        source: 'ai',
        errorMessage: null,
      });
      expect(await metric(failures)).toBe(before + 1);
    });

    it('replaces a chat after AI_SESSION_DAYS on the test clock, and maintenance deletes expired ones', async () => {
      await ask(CUSTOMER, 'one', 1);
      await ask(OTHER_CUSTOMER, 'two', 2);
      const [first] = await sessions();
      expect(first.expiresAt.getTime() - first.createdAt.getTime()).toBe(7 * DAY);
      setClock(6 * DAY);
      await ask(CUSTOMER, 'three', 3);
      expect(h.ayd.newChats).toHaveLength(2);
      setClock(7 * DAY + 60_000);
      await ask(CUSTOMER, 'four', 4);
      expect(h.ayd.newChats).toHaveLength(3);
      expect(h.ayd.asks[3].body.chatid).toBe(h.ayd.chatIds[2]);
      const renewed = (await sessions()).find((s) => s.participant === CUSTOMER)!;
      expect(renewed.chatId).toBe(h.ayd.chatIds[2]);
      // The other number's chat is past its days and unused: the maintenance job deletes it.
      await h.worker!.get(MaintenanceProcessor).deleteExpiredAiSessions();
      expect((await sessions()).map((s) => s.participant)).toEqual([CUSTOMER]);
    });

    it('sends the fallback, not the part already streamed, when the backend is slower than AI_TIMEOUT_MS', async () => {
      const timeouts = 'switchboard_ai_failures_total{backend="askyourdatabase",reason="timeout",business="default"}';
      const before = await metric(timeouts);
      h.ayd.respond = () => 'The first part of the answer. The rest never comes.';
      h.ayd.stallMs = 4000;
      const started = Date.now();
      const reply = await ask(CUSTOMER, 'Orders?', 1);
      expect(reply.body).toBe(FALLBACK);
      expect(Date.now() - started).toBeLessThan(4000);
      const inbound = await h.prisma.message.findFirstOrThrow({ where: { direction: 'inbound' } });
      expect(inbound.errorMessage).toMatch(/^AI \(askyourdatabase\) failed: timeout: /);
      expect(await metric(timeouts)).toBe(before + 1);
    });

    it("keeps two businesses' sessions apart for the same number", async () => {
      const created = await h.admin('POST', '/api/businesses', {
        name: 'Acme',
        slug: 'acme',
        numbers: [{ channel: 'sms', address: ACME_NUMBER }],
      });
      expect(created.statusCode).toBe(201);
      expect((await h.configureAskYourDatabase({}, { 'x-business-id': 'acme' })).statusCode).toBe(200);
      await ask(CUSTOMER, 'to default', 1);
      await ask(CUSTOMER, 'to acme', 2, ACME_NUMBER);
      await ask(CUSTOMER, 'to default again', 3);
      expect(h.twilio.sent.map((m) => [m.from, m.body])).toEqual([
        [BUSINESS_NUMBER, 'AYD answer to: to default'],
        [ACME_NUMBER, 'AYD answer to: to acme'],
        [BUSINESS_NUMBER, 'AYD answer to: to default again'],
      ]);
      const rows = await sessions();
      expect(rows.map((s) => [s.businessId, s.participant])).toEqual([
        [DEFAULT_BUSINESS_ID, CUSTOMER],
        [created.json().id, CUSTOMER],
      ]);
      expect(rows[0].chatId).not.toBe(rows[1].chatId);
      expect(h.ayd.asks[2].body.chatid).toBe(rows[0].chatId);
    });

    it('answers a business that books by text without tools; BOOK still runs the fixed flow', async () => {
      await h.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { bookingEnabled: true } });
      h.businessesChanged();
      const reply = await ask(CUSTOMER, 'Do you have time tomorrow?', 1);
      expect(reply.body).toBe('AYD answer to: Do you have time tomorrow?');
      expect(h.openai.requests).toEqual([]);
      await ask(CUSTOMER, 'BOOK', 2);
      // The fixed flow answered (it has no opening hours to offer): not AskYourDatabase.
      expect(h.ayd.asks).toHaveLength(1);
    });
  });

  describe('long answers (WhatsApp: 1,600 characters a message)', () => {
    const WA_CUSTOMER = `whatsapp:${CUSTOMER}`;
    /** 3,600 characters in numbered sentences: three messages when split. */
    const LONG = Array.from({ length: 180 }, (_, i) => `Row ${String(i + 1).padStart(3, '0')}: orders 42.`).join(' ');
    const longReplies = async (mode: 'cut' | 'split') => {
      const res = await h.admin('PATCH', '/api/businesses/default', { longReplies: mode });
      expect(res.statusCode).toBe(200);
      expect(res.json().longReplies).toBe(mode);
      h.businessesChanged();
    };
    const askOnWhatsapp = async (body: string) =>
      expect((await h.inbound(WA_CUSTOMER, body, { To: `whatsapp:${BUSINESS_NUMBER}` })).statusCode).toBe(200);
    const replyRows = () =>
      h.prisma.message.findMany({ where: { direction: 'outbound' }, orderBy: { replyPart: 'asc' } });

    it('splits it into numbered parts, each its own message, part 2 only after Twilio took part 1', async () => {
      await longReplies('split');
      h.ayd.respond = () => LONG;
      // Each Twilio answer takes 300 ms: a part sent before the previous one's answer would overlap it.
      h.twilio.latencyMs = 300;
      const arrivals: number[] = [];
      const stop = h.twilio.onRequest((r) => r.method === 'POST' && arrivals.push(r.receivedAt));
      await askOnWhatsapp('All rows please');
      await waitFor(() => h.twilio.sent.length >= 3, 'three parts at Twilio');
      stop();
      const bodies = h.twilio.sent.map((m) => m.body);
      expect(bodies.map((b) => b.slice(0, 6))).toEqual(['(1/3) ', '(2/3) ', '(3/3) ']);
      for (const body of bodies) expect(body.length).toBeLessThanOrEqual(1_600);
      expect(bodies.map((b) => b.slice(6)).join(' ')).toBe(LONG);
      for (let i = 1; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - 1]).toBeGreaterThanOrEqual(290);
      // The fake records a part when it takes it, before its answer (300 ms later) reaches the worker.
      const rows = await waitFor(async () => {
        const found = await replyRows();
        return found.every((r) => r.sid) ? found : null;
      }, 'every part recorded as accepted');
      expect(rows!.map((r) => [r.replyPart, r.status, r.sid])).toEqual(
        h.twilio.sent.map((m, i) => [i + 1, 'queued', m.sid]),
      );
      const inbound = await h.prisma.message.findFirstOrThrow({ where: { direction: 'inbound' } });
      expect(new Set(rows!.map((r) => r.replyToId))).toEqual(new Set([inbound.id]));
      // The admin API shows each part, numbered.
      const listed = (await h.admin('GET', '/api/messages?direction=outbound')).json().items;
      expect(listed.map((m: { replyPart: number }) => m.replyPart).sort()).toEqual([1, 2, 3]);
    });

    it('resumes at the part Twilio refused for a moment, sending none twice and keeping the order', async () => {
      await longReplies('split');
      h.ayd.respond = () => LONG;
      // Part 2's first try gets a 503: the job retries, part 1 is not sent again, part 3 waits.
      let posts = 0;
      const stop = h.twilio.onRequest((r) => {
        if (r.method === 'POST' && ++posts === 2)
          h.twilio.failNext({ status: 503, code: 20503, message: 'Service Unavailable' });
      });
      await askOnWhatsapp('All rows please');
      await waitFor(() => h.twilio.sent.length >= 3, 'three parts at Twilio', 15_000);
      stop();
      expect(posts).toBe(4);
      expect(h.twilio.sent.map((m) => m.body.slice(0, 6))).toEqual(['(1/3) ', '(2/3) ', '(3/3) ']);
      expect((await replyRows()).map((r) => r.attempts)).toEqual([1, 2, 1]);
    }, 20_000);

    it('cuts it on a word with an ellipsis by default', async () => {
      h.ayd.respond = () => LONG;
      await askOnWhatsapp('All rows please');
      await waitFor(() => h.twilio.sent.length >= 1, 'the answer at Twilio');
      await h.settle();
      expect(h.twilio.sent).toHaveLength(1);
      const [{ body }] = h.twilio.sent;
      expect(body.length).toBeLessThanOrEqual(1_600);
      expect(body).toMatch(/^Row 001: .*\S…$/);
      expect(LONG.startsWith(body.slice(0, -1))).toBe(true);
      expect((await replyRows()).map((r) => r.replyPart)).toEqual([1]);
    });

    it('refuses a longReplies that is neither cut nor split, naming the field', async () => {
      const res = await h.admin('PATCH', '/api/businesses/default', { longReplies: 'truncate' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('longReplies must be one of: cut, split');
    });
  });
});

describe('AI backend: AskYourDatabase, what the built worker logs', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { AI_TIMEOUT_MS: '1000' } });
    await h.truncate();
    await h.spawnWorker({ LOG_LEVEL: 'debug' });
    expect((await h.configureAskYourDatabase()).statusCode).toBe(200);
  }, 40_000);
  afterAll(() => h.close());

  it('logs a refused key as an error with the number masked, and never the key, the number or the words', async () => {
    const send = async (body: string, n: number) => {
      await h.inbound(CUSTOMER, body);
      await waitFor(() => h.twilio.sent.length >= n, `${n} message(s) at Twilio`);
    };
    await send('secret question about invoices', 1);
    h.ayd.refuseAllQuestions = true;
    await send('second secret question', 2);
    h.ayd.refuseAllQuestions = false;
    h.ayd.stallMs = 3000;
    await send('third secret question', 3);
    expect(h.twilio.sent.map((m) => m.body)).toEqual([
      'AYD answer to: secret question about invoices',
      FALLBACK,
      FALLBACK,
    ]);
    const output = (await waitFor(() => {
      const text = h.outputs[0]();
      return text.includes('failed: timeout') ? text : null;
    }, 'the timeout in the log'))!;
    const refused = output.split('\n').find((line) => line.includes('failed: unauthorized'));
    expect(refused).toContain('+1555***4321');
    expect(refused).toMatch(/"level":50|ERROR/);
    for (const secret of [h.ayd.apiKey, CUSTOMER, CUSTOMER.slice(1), 'secret question', 'AYD answer to']) {
      expect({ secret, logged: output.includes(secret) }).toEqual({ secret, logged: false });
    }
  });
});
