import twilio from 'twilio';
import { ADMIN_KEY, BUSINESS_NUMBER, Harness, inboundForm, PUBLIC_BASE_URL, waitFor } from './support';

const CUSTOMER = '+15557654321';
const FORM = 'application/x-www-form-urlencoded';

/**
 * The addresses the products Switchboard replaces used (issue 21, part 1): served by the same
 * handlers as ours, and treated as what they stand for everywhere (signature, limits, metrics).
 */
describe('Route aliases of the original products', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  describe('Twilio webhooks at /webhooks/sms/* and /whatsapp', () => {
    it('takes a text at /webhooks/sms/inbound, answers it, and its status at /webhooks/sms/status', async () => {
      const res = await h.webhook('/webhooks/sms/inbound', inboundForm(h.twilio.accountSid, CUSTOMER, 'HELP'));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/xml/);
      expect(res.body).toContain('<Response/>');
      const stored = await h.prisma.message.findFirstOrThrow({ where: { direction: 'inbound' } });
      expect(stored).toMatchObject({ from: CUSTOMER, to: BUSINESS_NUMBER, body: 'HELP', channel: 'sms' });

      const sent = await waitFor(() => h.twilio.sent[0], 'the answer');
      await waitFor(() => h.prisma.message.findUnique({ where: { sid: sent.sid } }), 'the answer stored');
      const status = await h.webhook('/webhooks/sms/status', {
        AccountSid: h.twilio.accountSid,
        MessageSid: sent.sid,
        MessageStatus: 'delivered',
        From: BUSINESS_NUMBER,
        To: CUSTOMER,
      });
      expect(status.statusCode).toBe(200);
      expect((await h.prisma.message.findUniqueOrThrow({ where: { sid: sent.sid } })).status).toBe('delivered');
    });

    it('takes a WhatsApp message at /whatsapp', async () => {
      const form = inboundForm(h.twilio.accountSid, 'whatsapp:+447700900123', 'hello', {
        To: `whatsapp:${BUSINESS_NUMBER}`,
        ProfileName: 'Bob',
      });
      expect((await h.webhook('/whatsapp', form)).statusCode).toBe(200);
      expect(await h.prisma.message.findFirstOrThrow({ where: { direction: 'inbound' } })).toMatchObject({
        channel: 'whatsapp',
        from: '+447700900123',
        profileName: 'Bob',
      });
    });

    it('checks the signature against the address Twilio called, not /twilio/inbound', async () => {
      const form = inboundForm(h.twilio.accountSid, CUSTOMER, 'signed for another URL');
      const forOurs = twilio.getExpectedTwilioSignature(h.twilio.authToken, `${PUBLIC_BASE_URL}/twilio/inbound`, form);
      for (const alias of ['/whatsapp', '/webhooks/sms/inbound'] as const) {
        expect((await h.webhook(alias, form, forOurs)).statusCode).toBe(403);
      }
      const unsigned = await h.api.inject({
        method: 'POST',
        url: '/whatsapp',
        headers: { 'content-type': FORM },
        payload: new URLSearchParams(form).toString(),
      });
      expect(unsigned.statusCode).toBe(403);
      expect(await h.prisma.message.count()).toBe(0);
    });

    it('refuses early what a webhook refuses: JSON (415) and bodies over 64 KiB (413), with no 5xx', async () => {
      for (const url of ['/webhooks/sms/inbound', '/webhooks/sms/status', '/whatsapp']) {
        const json = await h.api.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json' },
          payload: '{}',
        });
        expect({ url, status: json.statusCode }).toEqual({ url, status: 415 });
        const big = await h.api.inject({
          method: 'POST',
          url,
          headers: { 'content-type': FORM },
          payload: `Body=${'x'.repeat(70 * 1024)}`,
        });
        expect({ url, status: big.statusCode }).toEqual({ url, status: 413 });
        const junk = await h.api.inject({
          method: 'POST',
          url,
          headers: { 'content-type': FORM },
          payload: '%E0%A4%A',
        });
        expect(junk.statusCode).toBeLessThan(500);
      }
      expect(await h.prisma.message.count()).toBe(0);
    });

    it('answers without the browser headers, as /twilio/inbound does', async () => {
      const res = await h.webhook('/whatsapp', inboundForm(h.twilio.accountSid, CUSTOMER, 'hi'));
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-frame-options']).toBeUndefined();
      expect(res.headers['content-security-policy']).toBeUndefined();
    });

    it('counts in the webhook and per-business metrics under its own route', async () => {
      await h.webhook('/whatsapp', inboundForm(h.twilio.accountSid, CUSTOMER, 'metrics please'));
      const metrics = await h.api.inject({ method: 'GET', url: '/metrics', headers: { 'x-api-key': ADMIN_KEY } });
      expect(metrics.body).toMatch(
        /switchboard_webhooks_total\{route="\/whatsapp",outcome="accepted",business="default"\} [1-9]/,
      );
      expect(metrics.body).toMatch(/switchboard_business_requests_total\{surface="sms",business="[^"]+"\} [1-9]/);
    });
  });

  describe('GET /healthz', () => {
    it('answers as /api/health does, with no key', async () => {
      const res = await h.api.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      const ours = (await h.api.inject({ method: 'GET', url: '/api/health' })).json();
      expect(Object.keys(res.json()).sort()).toEqual(Object.keys(ours).sort());
      expect(res.json()).toMatchObject({ status: 'ok', db: 'ok', redis: 'ok' });
    });
  });

  describe('POST /api/ai/reply', () => {
    it('generates and sends like /api/ai/send, with the same validation', async () => {
      const res = await h.admin('POST', '/api/ai/reply', { to: CUSTOMER, prompt: 'Write a reminder' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ to: CUSTOMER, source: 'ai', body: 'AI answer to: Write a reminder' });
      const sent = await waitFor(() => h.twilio.sent[0], 'the AI send');
      expect(sent).toMatchObject({ to: CUSTOMER, body: 'AI answer to: Write a reminder' });

      const missing = await h.admin('POST', '/api/ai/reply', { prompt: 'x' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().message.join(' ')).toMatch(/to is required/);
    });
  });

  describe('GET /api/messages/remote', () => {
    it('pulls the latest from Twilio like POST /api/messages/sync, without duplicates and without answering', async () => {
      h.twilio.addRemoteMessage({ from: CUSTOMER, to: BUSINESS_NUMBER, body: 'HELP', direction: 'inbound' });
      h.twilio.addRemoteMessage({ from: BUSINESS_NUMBER, to: CUSTOMER, body: 'our answer', direction: 'outbound-api' });
      const first = await h.admin('GET', '/api/messages/remote?limit=20');
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ fetched: 2, created: 2, replyQueuedFor: null });
      expect((await h.admin('GET', '/api/messages/remote')).json()).toMatchObject({ fetched: 2, created: 0 });
      expect(await h.prisma.message.count()).toBe(2);
      expect(h.twilio.sent).toHaveLength(0);
    });

    it('names the bad field', async () => {
      for (const limit of ['0', '1001', 'many']) {
        const res = await h.admin('GET', `/api/messages/remote?limit=${limit}`);
        expect(res.statusCode).toBe(400);
        expect(res.json().message.join(' ')).toMatch(/limit/);
      }
    });
  });

  it('documents each alias as one in the OpenAPI document', async () => {
    const doc = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
    const summaries = {
      '/webhooks/sms/inbound': ['post', 'Alias of POST /twilio/inbound'],
      '/webhooks/sms/status': ['post', 'Alias of POST /twilio/status'],
      '/whatsapp': ['post', 'Alias of POST /twilio/inbound'],
      '/healthz': ['get', 'Alias of GET /api/health'],
      '/api/ai/reply': ['post', 'Alias of POST /api/ai/send'],
      '/api/messages/remote': ['get', 'Alias of POST /api/messages/sync'],
    } as const;
    for (const [path, [method, summary]] of Object.entries(summaries)) {
      expect({ path, summary: doc.paths[path]?.[method]?.summary }).toEqual({
        path,
        summary: expect.stringContaining(summary),
      });
    }
    // The webhooks' aliases take the same form as ours.
    expect(doc.paths['/whatsapp'].post.requestBody).toEqual(doc.paths['/twilio/inbound'].post.requestBody);
    expect(doc.paths['/webhooks/sms/status'].post.requestBody).toEqual(doc.paths['/twilio/status'].post.requestBody);
  });
});
