import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ADMIN_KEY, BUSINESS_NUMBER, Harness, waitFor } from './support';

/**
 * Issue 17, first part: a call to a business's number is answered with TwiML (its greeting and
 * safety line inside a speech <Gather>), a number no business has or a suspended business's is
 * rejected, the call is recorded once per CallSid, and its status callbacks close it with an
 * outcome. Through signed webhooks (the twilio SDK's own signature), PostgreSQL and the admin API.
 */
describe('Phone calls: answering, rejecting, recording', () => {
  const CALLER = '+15557654321';
  const ACME_NUMBER = '+15005550188';
  let h: Harness;
  let seq = 0;
  const callSid = () => `CA${String(++seq).padStart(32, '0')}`;
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  const call = (sid: string, to = BUSINESS_NUMBER, extra: Record<string, string> = {}) =>
    h.webhook('/twilio/voice', {
      AccountSid: h.twilio.accountSid,
      CallSid: sid,
      From: CALLER,
      To: to,
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
      ...extra,
    });
  const callStatus = (sid: string, status: string, extra: Record<string, string> = {}) =>
    h.webhook('/twilio/voice/status', { AccountSid: h.twilio.accountSid, CallSid: sid, CallStatus: status, ...extra });
  const twiml = (body: string) => {
    expect(XMLValidator.validate(body)).toBe(true);
    return xml.parse(body).Response;
  };

  it('answers with the greeting and safety line inside a speech Gather that posts to the turn route', async () => {
    const sid = callSid();
    const res = await call(sid);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    const response = twiml(res.body);
    expect(response.Gather).toMatchObject({
      input: 'speech',
      action: '/twilio/voice/turn',
      method: 'POST',
      speechTimeout: 'auto',
      Say: ['Thanks for calling Default. How can we help you today?', 'If anyone is in danger, call 911 now.'],
    });
    // Silence after the prompt still reaches the turn route (which re-prompts), never a hang-up.
    expect(response.Redirect).toMatchObject({ method: 'POST', '#text': '/twilio/voice/turn' });
    const stored = (await h.admin('GET', `/api/calls/${sid}`)).json();
    expect(stored).toMatchObject({ callSid: sid, from: CALLER, to: BUSINESS_NUMBER, status: 'ringing', outcome: null });
    expect(stored.turns).toEqual([
      {
        at: expect.any(String),
        speaker: 'assistant',
        text: 'Thanks for calling Default. How can we help you today? If anyone is in danger, call 911 now.',
      },
    ]);
  });

  it("uses the business's own greeting and safety line, and records one call however often Twilio retries", async () => {
    const res = await h.admin('PATCH', '/api/businesses/default', {
      voiceGreeting: 'Acme Plumbing, this is the booking line.',
      safetyLine: 'If you smell gas, leave the house and call 911.',
    });
    expect(res.json()).toMatchObject({ voiceGreeting: 'Acme Plumbing, this is the booking line.' });
    h.businessesChanged();
    const sid = callSid();
    for (let i = 0; i < 2; i++) {
      const response = twiml((await call(sid)).body);
      expect(response.Gather.Say).toEqual([
        'Acme Plumbing, this is the booking line.',
        'If you smell gas, leave the house and call 911.',
      ]);
    }
    expect((await h.admin('GET', '/api/calls')).json().items).toHaveLength(1);
  });

  it('rejects a call to a number no business has, and one to a suspended business, storing neither', async () => {
    const created = await h.admin('POST', '/api/businesses', {
      name: 'Acme',
      slug: 'acme',
      numbers: [{ address: ACME_NUMBER }],
    });
    expect(created.statusCode).toBe(201);
    expect((await h.admin('POST', '/api/businesses/acme/suspend')).statusCode).toBe(200);
    for (const to of ['+15005550999', ACME_NUMBER]) {
      const res = await call(callSid(), to);
      expect(res.statusCode).toBe(200);
      expect(twiml(res.body)).toEqual({ Reject: '' });
    }
    expect(await h.prisma.call.count()).toBe(0);
    // Resumed, its number is answered as its own call.
    expect((await h.admin('POST', '/api/businesses/acme/resume')).statusCode).toBe(200);
    const sid = callSid();
    expect(twiml((await call(sid, ACME_NUMBER)).body).Gather.Say[0]).toBe(
      'Thanks for calling Acme. How can we help you today?',
    );
    // Acme's call is not the default business's, and the other way round.
    expect((await h.admin('GET', `/api/calls/${sid}`)).statusCode).toBe(404);
    const acme = { 'x-business-id': 'acme' };
    expect((await h.admin('GET', `/api/calls/${sid}`, undefined, ADMIN_KEY, acme)).json()).toMatchObject({
      callSid: sid,
      to: ACME_NUMBER,
    });
  });

  it('closes a call from its status callbacks: abandoned when the caller said nothing, never reopened', async () => {
    const sid = callSid();
    await call(sid);
    expect((await callStatus(sid, 'in-progress')).statusCode).toBe(200);
    expect((await callStatus(sid, 'completed', { CallDuration: '7' })).statusCode).toBe(200);
    // A late, out-of-order callback does not move it back.
    expect((await callStatus(sid, 'in-progress')).statusCode).toBe(200);
    const ended = (await h.admin('GET', `/api/calls/${sid}`)).json();
    expect(ended).toMatchObject({ status: 'completed', durationSeconds: 7, outcome: 'abandoned' });
    expect(ended.endedAt).not.toBeNull();
    expect((await h.admin('GET', '/api/calls?outcome=abandoned')).json().items).toHaveLength(1);
    expect((await h.admin('GET', '/api/calls?outcome=booked')).json().items).toHaveLength(0);
    // A callback for a call that is none of ours is answered (Twilio stops retrying) and ignored.
    expect((await callStatus(callSid(), 'completed')).statusCode).toBe(200);
    expect(await h.prisma.call.count()).toBe(1);
  });

  it('refuses unsigned or wrongly signed voice webhooks (403) and malformed ones (400), never a 5xx', async () => {
    const sid = callSid();
    expect((await h.webhook('/twilio/voice', { CallSid: sid, To: BUSINESS_NUMBER }, 'bad')).statusCode).toBe(403);
    expect((await h.webhook('/twilio/voice/status', { CallSid: sid, CallStatus: 'completed' }, 'bad')).statusCode).toBe(
      403,
    );
    const unsigned = await h.api.inject({
      method: 'POST',
      url: '/twilio/voice',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `CallSid=${sid}&To=${encodeURIComponent(BUSINESS_NUMBER)}`,
    });
    expect(unsigned.statusCode).toBe(403);
    const malformed: Array<[Record<string, string>, string]> = [
      [{ To: BUSINESS_NUMBER }, 'CallSid is required'],
      [{ CallSid: 'CA123', To: BUSINESS_NUMBER }, 'CallSid must be a Twilio SID'],
      [{ CallSid: sid }, 'To is required'],
      [{ CallSid: sid, To: BUSINESS_NUMBER, CallStatus: '<script>' }, 'CallStatus must be a Twilio call status'],
    ];
    for (const [form, message] of malformed) {
      const res = await h.webhook('/twilio/voice', form);
      expect({ form, status: res.statusCode }).toEqual({ form, status: 400 });
      expect(JSON.stringify(res.json())).toContain(message);
    }
    const badDuration = await callStatus(sid, 'completed', { CallDuration: '-3' });
    expect(badDuration.statusCode).toBe(400);
    expect(await h.prisma.call.count()).toBe(0);
  });

  it('keeps calls behind the API key: 401 without one', async () => {
    expect((await h.admin('GET', '/api/calls', undefined, null)).statusCode).toBe(401);
    expect((await h.admin('GET', `/api/calls/${callSid()}`, undefined, null)).statusCode).toBe(401);
    expect((await h.admin('GET', '/api/calls?outcome=maybe')).statusCode).toBe(400);
  });

  it('counts answered and rejected calls by business in /metrics', async () => {
    await call(callSid());
    await call(callSid(), '+15005550999');
    await waitFor(async () => {
      const body = (await h.admin('GET', '/metrics')).body;
      return (
        /switchboard_voice_calls_total\{result="answered",business="default"\} [1-9]/.test(body) &&
        /switchboard_voice_calls_total\{result="rejected",business=""\} [1-9]/.test(body)
      );
    }, 'the calls counted');
  });
});
