import { Clock } from '@app/common';
import { Harness, inboundForm, waitFor } from './support';

describe('GET /metrics', () => {
  let h: Harness;
  const TOKEN = 'metrics-token-1234';

  beforeAll(async () => {
    h = await Harness.start({ env: { METRICS_TOKEN: TOKEN, SEND_RATE_PER_SECOND: '0' } });
    await h.truncate();
  });
  afterAll(() => h.close());

  const scrape = (headers: Record<string, string>) => h.api.inject({ method: 'GET', url: '/metrics', headers });
  const value = (text: string, line: string) =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(line))
        ?.slice(line.length)
        .trim(),
    );

  it('needs the metrics token or the API key', async () => {
    expect((await scrape({})).statusCode).toBe(401);
    expect((await scrape({ authorization: 'Bearer nope' })).statusCode).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN}` })).statusCode).toBe(200);
    expect((await scrape({ 'x-api-key': 'test-admin-key-7f3a' })).statusCode).toBe(200);
  });

  it('counts webhooks by outcome, requests by route, queues, jobs and Twilio results', async () => {
    const form = inboundForm(h.twilio.accountSid, '+15557654321', 'hello');
    await h.webhook('/twilio/inbound', form);
    await h.webhook('/twilio/inbound', form); // Twilio's retry
    await h.webhook('/twilio/inbound', inboundForm(h.twilio.accountSid, '+15557654321', 'x'), 'forged');
    await waitFor(() => h.twilio.sent.length === 1, 'the reply');
    const res = await waitFor(async () => {
      const r = await scrape({ authorization: `Bearer ${TOKEN}` });
      return r.body.includes('switchboard_twilio_sends_total{outcome="accepted"') &&
        r.body.includes('job="reply-to-inbound",outcome="done"')
        ? r
        : null;
    }, 'the worker counters');
    expect(res!.headers['content-type']).toMatch(/^text\/plain/);
    const text = res!.body;
    const inbound = 'switchboard_webhooks_total{route="/twilio/inbound"';
    expect(value(text, `${inbound},outcome="accepted",business="default"}`)).toBe(1);
    expect(value(text, `${inbound},outcome="duplicate",business="default"}`)).toBe(1);
    // A refused webhook names no business: unsigned requests cannot pick label values.
    expect(value(text, `${inbound},outcome="bad_signature",business=""}`)).toBe(1);
    expect(text).toMatch(
      /switchboard_http_request_duration_seconds_bucket\{le="0.05",method="POST",route="\/twilio\/inbound",status="200"\}/,
    );
    expect(text).toMatch(/switchboard_queue_jobs\{queue="inbound",state="waiting"\} \d+/);
    expect(
      value(text, 'switchboard_twilio_sends_total{outcome="accepted",code="",business="default"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(text, 'switchboard_jobs_total{queue="inbound",job="reply-to-inbound",outcome="done"}'),
    ).toBeGreaterThanOrEqual(1);
  });

  it("labels a business's webhooks, sends and model calls with its slug", async () => {
    const created = await h.admin('POST', '/api/businesses', {
      name: 'Acme',
      slug: 'acme',
      numbers: [{ channel: 'sms', address: '+15005550123' }],
    });
    expect(created.statusCode).toBe(201);
    await h.admin('POST', '/api/ai/config', { enabled: true }, undefined, { 'x-business-id': 'acme' });
    await h.webhook('/twilio/inbound', inboundForm(h.twilio.accountSid, '+15557654399', 'hi', { To: '+15005550123' }));
    const text = (await waitFor(async () => {
      const r = await scrape({ authorization: `Bearer ${TOKEN}` });
      return r.body.includes('switchboard_twilio_sends_total{outcome="accepted",code="",business="acme"}')
        ? r.body
        : null;
    }, "acme's send in the counters"))!;
    expect(value(text, 'switchboard_webhooks_total{route="/twilio/inbound",outcome="accepted",business="acme"}')).toBe(
      1,
    );
    expect(value(text, 'switchboard_ai_calls_total{outcome="ok",business="acme"}')).toBe(1);
    // Each business's requests per surface (texts' webhooks, calls', the web chat's), and their 5xx.
    expect(value(text, 'switchboard_business_requests_total{surface="sms",business="acme"}')).toBe(1);
    expect(text).not.toContain('switchboard_business_errors_total{surface="sms",business="acme"}');
  });

  it('shows the slowest request of the last minute per route, and counts web chat requests by business', async () => {
    const token = (await h.admin('POST', '/api/businesses/default/widget-token')).json<{ token: string }>().token;
    for (let i = 0; i < 2; i++)
      await h.api.inject({
        method: 'GET',
        url: '/api/widget/messages?visitorId=v1',
        headers: { 'x-widget-token': token },
      });
    const text = (await scrape({ authorization: `Bearer ${TOKEN}` })).body;
    expect(value(text, 'switchboard_business_requests_total{surface="widget",business="default"}')).toBe(2);
    const slowest = value(
      text,
      'switchboard_http_request_max_duration_seconds{method="GET",route="/api/widget/messages"}',
    );
    expect(slowest).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(60);
    // A route nobody asked for has no line.
    expect(text).not.toMatch(/switchboard_http_request_max_duration_seconds\{method="GET",route="\/nothing-here"/);
  });

  it('shows the recipients of unfinished campaigns by the status the API shows, delivered and failed included', async () => {
    // 23:30 UTC for the workers: night in the campaign's zone, afternoon in Los Angeles.
    const clock = h.worker!.get(Clock);
    const night = new Date();
    night.setUTCHours(23, 30, 0, 0);
    clock.offsetMs = night.getTime() - Date.now();
    try {
      const [delivered, failed, waiting] = ['+15550100001', '+15550100002', '+15550100003'];
      for (const phone of [delivered, failed]) {
        await h.admin('PATCH', `/api/contacts/${encodeURIComponent(phone)}`, { timezone: 'America/Los_Angeles' });
      }
      const created = await h.admin('POST', '/api/campaigns', {
        name: 'Gauge',
        body: 'Hello',
        recipients: [delivered, failed, waiting],
        quietHours: { start: '21:00', end: '08:00', timezone: 'UTC' },
      });
      const { id } = created.json();
      await h.admin('POST', `/api/campaigns/${id}/launch`);
      await waitFor(() => h.twilio.sent.filter((m) => m.body === 'Hello').length === 2, 'the two daytime sends');
      const sid = (to: string) => h.twilio.sent.find((m) => m.to === to && m.body === 'Hello')!.sid;
      await h.status(sid(delivered), 'delivered');
      await h.status(sid(failed), 'failed', { ErrorCode: '30006' });

      const text = (await scrape({ authorization: `Bearer ${TOKEN}` })).body;
      // The one inside quiet hours keeps the campaign running (unfinished), so all three are counted.
      expect(value(text, 'switchboard_campaign_recipients{status="delivered"}')).toBe(1);
      expect(value(text, 'switchboard_campaign_recipients{status="failed"}')).toBe(1);
      expect(value(text, 'switchboard_campaign_recipients{status="pending"}')).toBe(1);
      expect(text).not.toContain('switchboard_campaign_recipients{status="sending"}');
      await h.admin('POST', `/api/campaigns/${id}/cancel`);
    } finally {
      clock.offsetMs = 0;
    }
  });
});
