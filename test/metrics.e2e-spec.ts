import { Harness, inboundForm, waitFor } from '@app/testing';

describe('GET /metrics', () => {
  let h: Harness;
  const TOKEN = 'metrics-token-1234';

  beforeAll(async () => {
    h = await Harness.start({ env: { METRICS_TOKEN: TOKEN } });
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
        r.body.includes('outcome="completed"')
        ? r
        : null;
    }, 'the worker counters');
    expect(res!.headers['content-type']).toMatch(/^text\/plain/);
    const text = res!.body;
    expect(value(text, 'switchboard_webhooks_total{route="/twilio/inbound",outcome="accepted"}')).toBe(1);
    expect(value(text, 'switchboard_webhooks_total{route="/twilio/inbound",outcome="duplicate"}')).toBe(1);
    expect(value(text, 'switchboard_webhooks_total{route="/twilio/inbound",outcome="bad_signature"}')).toBe(1);
    expect(text).toMatch(
      /switchboard_http_request_duration_seconds_bucket\{le="0.05",method="POST",route="\/twilio\/inbound",status="200"\}/,
    );
    expect(text).toMatch(/switchboard_queue_jobs\{queue="inbound",state="waiting"\} \d+/);
    expect(value(text, 'switchboard_twilio_sends_total{outcome="accepted",code=""}')).toBeGreaterThanOrEqual(1);
    expect(
      value(text, 'switchboard_jobs_total{queue="inbound",job="reply-to-inbound",outcome="completed"}'),
    ).toBeGreaterThanOrEqual(1);
  });
});
