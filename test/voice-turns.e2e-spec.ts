import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BUSINESS_NUMBER, freePort, Harness, PUBLIC_BASE_URL, spawnBuilt, waitFor } from './support';

/**
 * Issue 17: a caller's turns reach the same engine as texts. Through signed voice webhooks (the
 * twilio SDK's own signature), PostgreSQL, the queue, the worker, the fake OpenAI and the fake
 * Twilio: the answer is said back in TwiML, a slow model gets a holding phrase and a <Redirect>
 * whose follow-up says the answer, an emergency alerts the owner, and the turns of one call can
 * go to two API processes.
 */
describe('Phone calls: the caller’s turns', () => {
  const CALLER = '+15557654321';
  const OWNER = '+15557650099';
  /** Short, so the slow-model test takes seconds. */
  const ANSWER_TIMEOUT_MS = 800;
  let h: Harness;
  /** New every run: a call's session outlives the suite in Redis (its TTL), as it would a deploy. */
  const callSid = () => `CA${randomBytes(16).toString('hex')}`;
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

  beforeAll(async () => {
    h = await Harness.start({ env: { VOICE_AI_TIMEOUT_MS: String(ANSWER_TIMEOUT_MS) } });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.truncate();
    expect((await h.admin('POST', '/api/ai/config', { enabled: true })).statusCode).toBe(200);
  });

  const form = (sid: string, extra: Record<string, string> = {}) => ({
    AccountSid: h.twilio.accountSid,
    CallSid: sid,
    From: CALLER,
    To: BUSINESS_NUMBER,
    ...extra,
  });
  const twiml = (body: string) => {
    expect(XMLValidator.validate(body)).toBe(true);
    return xml.parse(body).Response;
  };
  const startCall = async (sid: string) => {
    const res = await h.webhook('/twilio/voice', form(sid, { CallStatus: 'ringing' }));
    expect(res.statusCode).toBe(200);
  };
  const say = (sid: string, speech: string, confidence = '0.9') =>
    h.webhook('/twilio/voice/turn', form(sid, { SpeechResult: speech, Confidence: confidence }));
  const textsAtTwilio = () => h.twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));

  it('says the answer to what the caller said and listens again; the turn is a voice message, never texted', async () => {
    const sid = callSid();
    await startCall(sid);
    const res = await say(sid, 'What are your opening hours?');
    expect(res.statusCode).toBe(200);
    const response = twiml(res.body);
    expect(response.Gather).toMatchObject({
      input: 'speech',
      action: '/twilio/voice/turn',
      Say: 'AI answer to: What are your opening hours?',
    });
    const call = (await h.admin('GET', `/api/calls/${sid}`)).json();
    expect(call.turns.map((t: { speaker: string; text: string }) => [t.speaker, t.text])).toEqual([
      ['assistant', expect.stringContaining('Thanks for calling')],
      ['caller', 'What are your opening hours?'],
      ['assistant', 'AI answer to: What are your opening hours?'],
    ]);
    expect(call.turns[1].confidence).toBe(0.9);
    const messages = await h.prisma.message.findMany({ orderBy: { createdAt: 'asc' } });
    expect(messages.map((m) => [m.channel, m.direction, m.body])).toEqual([
      ['voice', 'inbound', 'What are your opening hours?'],
      ['voice', 'outbound', 'AI answer to: What are your opening hours?'],
    ]);
    await waitFor(
      async () => (await h.prisma.message.findFirst({ where: { direction: 'outbound' } }))?.status === 'delivered',
      'the answer recorded as given',
    );
    expect(textsAtTwilio()).toEqual([]);
    // The model saw the call's earlier turn as history on the next one.
    await say(sid, 'And on Sunday?');
    const last = h.openai.requests[h.openai.requests.length - 1];
    expect(JSON.stringify(last.messages)).toContain('What are your opening hours?');
  });

  it("times each turn's answer by business in /metrics (the turn route and the answer route)", async () => {
    const sid = callSid();
    await startCall(sid);
    expect((await say(sid, 'Do you fix boilers?')).statusCode).toBe(200);
    const body = (await h.admin('GET', '/metrics')).body;
    const count = (route: string) =>
      Number(
        new RegExp(
          `switchboard_voice_turn_duration_seconds_count\\{route="${route}",business="default"\\} (\\d+)`,
        ).exec(body)?.[1] ?? 0,
      );
    expect(count('/twilio/voice/turn')).toBeGreaterThanOrEqual(1);
    expect(body).toMatch(
      /switchboard_voice_turn_duration_seconds_bucket\{le="5",route="\/twilio\/voice\/turn",business="default"\} [1-9]/,
    );
  });

  it('answers a slow model with a holding phrase and a Redirect in time; the follow-up says the answer', async () => {
    const sid = callSid();
    await startCall(sid);
    // Past the first wait, well within the second (a cold worker takes a few hundred ms more).
    h.openai.latencyMs = ANSWER_TIMEOUT_MS + 300;
    const started = Date.now();
    const held = twiml((await say(sid, 'Can someone come today?')).body);
    expect(Date.now() - started).toBeLessThan(ANSWER_TIMEOUT_MS + 1_000);
    expect(held.Say).toBe('One moment, please.');
    expect(held.Redirect).toMatchObject({ method: 'POST' });
    const next: string = held.Redirect['#text'];
    expect(next).toMatch(/^\/twilio\/voice\/answer\?turn=[0-9a-f-]{36}&wait=2$/);
    // Twilio follows the Redirect with the call's parameters, signed for that URL.
    const answered = twiml((await h.webhook(next as `/twilio/voice${string}`, form(sid))).body);
    expect(answered.Gather.Say).toBe('AI answer to: Can someone come today?');
    // The words were never lost: one caller turn, one answer, in the transcript in the order said.
    expect(await h.prisma.message.count({ where: { channel: 'voice', direction: 'inbound' } })).toBe(1);
    const { turns } = (await h.admin('GET', `/api/calls/${sid}`)).json<{
      turns: Array<{ speaker: string; text: string }>;
    }>();
    expect(turns.slice(1).map((t) => [t.speaker, t.text])).toEqual([
      ['caller', 'Can someone come today?'],
      ['assistant', 'AI answer to: Can someone come today?'],
    ]);
    // A replayed Redirect for another call's turn is not served.
    const other = callSid();
    await startCall(other);
    const foreign = twiml((await h.webhook(next as `/twilio/voice${string}`, form(other))).body);
    expect(foreign.Hangup).toBeDefined();
  }, 20_000);

  it('flags an emergency call: the caller hears the safety line, the owner gets a text, the call says emergency', async () => {
    const res = await h.admin('PATCH', '/api/businesses/default', { bookingEnabled: true, ownerPhone: OWNER });
    expect(res.statusCode).toBe(200);
    h.businessesChanged();
    const sid = callSid();
    await startCall(sid);
    const response = twiml((await say(sid, 'My basement is flooding, water everywhere')).body);
    expect(response.Gather.Say).toMatch(/^If anyone is in danger, call 911 now\./);
    await waitFor(() => textsAtTwilio().some((r) => r.params.To === OWNER), 'the owner alert');
    const alert = textsAtTwilio().find((r) => r.params.To === OWNER)!;
    expect(alert.params.Body).toContain('(phone call)');
    expect((await h.admin('GET', `/api/calls/${sid}`)).json().outcome).toBe('emergency');
    await h.webhook('/twilio/voice/status', form(sid, { CallStatus: 'completed', CallDuration: '31' }));
    const ended = (await h.admin('GET', `/api/calls/${sid}`)).json();
    expect(ended).toMatchObject({ outcome: 'emergency', durationSeconds: 31 });
    // Once it is over, the owner also gets the call's summary.
    const toOwner = () => textsAtTwilio().filter((r) => r.params.To === OWNER);
    await waitFor(() => toOwner().length === 2, "the owner's call summary");
    expect(toOwner()[1].params.Body).toBe(
      `EMERGENCY call for Default from ${CALLER} (31 s). They said: "My basement is flooding, water everywhere". We said: "${response.Gather.Say}"`,
    );
    expect(await h.prisma.message.findUnique({ where: { id: ended.ownerMessageId } })).toMatchObject({
      source: 'call_summary',
      to: OWNER,
    });
  });

  it('texts the owner once after a call that booked, however often Twilio repeats the status callback', async () => {
    expect((await h.admin('POST', '/api/ai/config', { enabled: false })).statusCode).toBe(200);
    await h.openForBooking('America/New_York');
    expect((await h.admin('PATCH', '/api/businesses/default', { ownerPhone: OWNER })).statusCode).toBe(200);
    h.businessesChanged();
    const sid = callSid();
    await startCall(sid);
    expect(twiml((await say(sid, 'Book.')).body).Gather.Say).toMatch(/^Reply 1/);
    const booked = twiml((await say(sid, '1.')).body).Gather.Say as string;
    expect(booked).toMatch(/^Booked: /);
    const ending = form(sid, { CallStatus: 'completed', CallDuration: '95' });
    const endings = await Promise.all([1, 2, 3].map(() => h.webhook('/twilio/voice/status', ending)));
    expect(endings.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const toOwner = () => textsAtTwilio().filter((r) => r.params.To === OWNER);
    await waitFor(() => toOwner().length === 1, "the owner's call summary");
    expect(toOwner()[0].params.Body).toBe(
      `Booked by phone: call for Default from ${CALLER} (1 min 35 s). They said: "Book. / 1.". We said: "${booked}"`,
    );
    expect((await h.admin('GET', `/api/calls/${sid}`)).json()).toMatchObject({ outcome: 'booked' });
    await h.webhook('/twilio/voice/status', ending);
    await sleep(500);
    expect(toOwner()).toHaveLength(1);
    expect(await h.prisma.message.count({ where: { source: 'call_summary' } })).toBe(1);
  });

  it('texts no one after a call that only asked something', async () => {
    expect((await h.admin('PATCH', '/api/businesses/default', { ownerPhone: OWNER })).statusCode).toBe(200);
    h.businessesChanged();
    const sid = callSid();
    await startCall(sid);
    expect((await say(sid, 'Are you open on Sundays?')).statusCode).toBe(200);
    await h.webhook('/twilio/voice/status', form(sid, { CallStatus: 'completed', CallDuration: '20' }));
    expect((await h.admin('GET', `/api/calls/${sid}`)).json()).toMatchObject({ outcome: 'info', ownerMessageId: null });
    await sleep(500);
    expect(textsAtTwilio().filter((r) => r.params.To === OWNER)).toHaveLength(0);
  });

  it('asks once more when it did not hear the caller, then offers a text and hangs up', async () => {
    const sid = callSid();
    await startCall(sid);
    const silent = await say(sid, '', '');
    expect(silent.statusCode).toBe(200);
    const again = twiml(silent.body);
    expect(again.Gather.Say).toBe("Sorry, I didn't catch that. Could you say that again?");
    const unsure = twiml((await say(sid, 'mumble', '0.1')).body);
    expect(unsure.Say).toMatch(/We'll send you a text message/);
    expect(unsure.Hangup).toBeDefined();
    await waitFor(() => textsAtTwilio().some((r) => r.params.To === CALLER), 'the text to the caller');
    expect(h.openai.requests).toEqual([]);
  });

  it('answers a caller who opted out of texts (the opt-out is of texts), and their words opt no one out', async () => {
    await h.inbound(CALLER, 'STOP');
    await waitFor(() => textsAtTwilio().length === 1, 'the STOP confirmation');
    const sid = callSid();
    await startCall(sid);
    expect(twiml((await say(sid, 'Do you work weekends?')).body).Gather.Say).toBe(
      'AI answer to: Do you work weekends?',
    );
    // "Start" said in a call is words, not the keyword: the contact stays opted out of texts.
    expect(twiml((await say(sid, 'Start')).body).Gather.Say).toBe('AI answer to: Start');
    const contact = await h.prisma.contact.findFirstOrThrow({ where: { phone: CALLER } });
    expect(contact.optedOut).toBe(true);
    expect(textsAtTwilio()).toHaveLength(1);
  });

  it('says goodbye and hangs up when the caller is done', async () => {
    const sid = callSid();
    await startCall(sid);
    const bye = twiml((await say(sid, "That's all")).body);
    expect(bye).toEqual({ Say: 'Thanks for calling Default. Goodbye.', Hangup: '' });
  });

  it('refuses a malformed turn (400) and an unsigned one (403), never a 5xx', async () => {
    const sid = callSid();
    await startCall(sid);
    expect((await h.webhook('/twilio/voice/turn', form(sid, { Confidence: 'high' }))).statusCode).toBe(400);
    expect((await h.webhook('/twilio/voice/turn', { To: BUSINESS_NUMBER })).statusCode).toBe(400);
    expect((await h.webhook('/twilio/voice/turn', form(sid), 'forged')).statusCode).toBe(403);
    for (const query of ['turn=nope&wait=2', `turn=${crypto.randomUUID()}&wait=9`, 'wait=2']) {
      const res = await h.webhook(`/twilio/voice/answer?${query}`, form(sid));
      expect({ query, status: res.statusCode }).toEqual({ query, status: 400 });
    }
    // A turn for a call that never came in ends politely.
    expect(twiml((await say(callSid(), 'hello')).body).Hangup).toBeDefined();
  });

  describe('on two API processes', () => {
    let second: { child: ChildProcess; base: string } | null = null;
    afterAll(() => {
      second?.child.kill('SIGTERM');
    });

    it('keeps one conversation when the turns of a call alternate between them', async () => {
      const port = await freePort();
      const { child } = await spawnBuilt(
        'api',
        { ...process.env, ...h.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        'the API is listening',
      );
      second = { child, base: `http://127.0.0.1:${port}` };
      const viaSecond = async (path: string, params: Record<string, string>) => {
        const signature = twilio.getExpectedTwilioSignature(h.twilio.authToken, `${PUBLIC_BASE_URL}${path}`, params);
        const res = await fetch(`${second!.base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body: new URLSearchParams(params).toString(),
        });
        return { status: res.status, body: await res.text() };
      };
      const sid = callSid();
      await startCall(sid); // answered by the first
      const first = await say(sid, 'Do you fix boilers?');
      expect(twiml(first.body).Gather.Say).toBe('AI answer to: Do you fix boilers?');
      const next = await viaSecond(
        '/twilio/voice/turn',
        form(sid, { SpeechResult: 'How much is it?', Confidence: '0.8' }),
      );
      expect(next.status).toBe(200);
      expect(twiml(next.body).Gather.Say).toBe('AI answer to: How much is it?');
      // The second process answered from the same conversation: the model saw the first turn.
      const last = h.openai.requests[h.openai.requests.length - 1];
      expect(JSON.stringify(last.messages)).toContain('Do you fix boilers?');
      const turns = (await h.admin('GET', `/api/calls/${sid}`)).json().turns;
      expect(turns.filter((t: { speaker: string }) => t.speaker === 'caller')).toHaveLength(2);
    }, 40_000);
  });
});
