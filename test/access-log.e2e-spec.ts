import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '@app/config';
import { builtAppEnv, BuiltProcess, freePort, inboundForm, spawnBuilt, waitFor } from './support';

/**
 * The pen test found no access log at all for /api, /twilio and /metrics in the built API, and the
 * board's login cookie in the log (its set-cookie header). This runs the built API, as deployed, at
 * LOG_LEVEL=info (the harness runs silent, so only a built app shows what gets written).
 */
describe('access log of the built API', () => {
  const ADMIN_API_KEY = `access-log-admin-key-${randomBytes(8).toString('hex')}`;
  const METRICS_TOKEN = `access-log-metrics-token-${randomBytes(8).toString('hex')}`;
  const CUSTOMER = '+15551230001';
  const BODY = 'my secret appointment text';
  let api: BuiltProcess;
  let base: string;
  let signature = '';
  let sessionCookie = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = await spawnBuilt(
      'api',
      builtAppEnv('access-log', {
        LOG_LEVEL: 'info',
        PORT: String(port),
        HOST: '127.0.0.1',
        ADMIN_API_KEY,
        METRICS_TOKEN,
      }),
      'Nest application successfully started',
    );
  }, 30_000);

  afterAll(async () => {
    if (!api) return;
    const exited = new Promise((resolve) => api.child.once('exit', resolve));
    api.child.kill('SIGTERM');
    await exited;
  });

  /** The access log lines written so far. */
  const accessLines = () =>
    api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request completed');

  it('writes one line for a webhook and one for an admin call, with the route template, not the URL', async () => {
    const form = inboundForm(SANDBOX_ACCOUNT_SID, CUSTOMER, BODY);
    signature = twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, `${base}/twilio/inbound`, form);
    const webhook = await fetch(`${base}/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(form).toString(),
    });
    expect(webhook.status).toBe(200);
    const admin = await fetch(`${base}/api/conversations/${encodeURIComponent(CUSTOMER)}?limit=5`, {
      headers: { 'x-api-key': ADMIN_API_KEY },
    });
    expect(admin.status).toBe(200);
    // A health probe: skipped on purpose (probes every few seconds would drown the log).
    expect((await fetch(`${base}/api/health`)).status).toBe(200);

    const lines = await waitFor(() => {
      const found = accessLines();
      return found.length >= 2 ? found : null;
    }, 'two access log lines').then((found) => found!);
    const webhookLines = lines.filter((l) => l.route === '/twilio/inbound');
    const adminLines = lines.filter((l) => l.route === '/api/conversations/:participant');
    expect(webhookLines).toHaveLength(1);
    expect(adminLines).toHaveLength(1);
    expect(lines.filter((l) => l.route === '/api/health')).toHaveLength(0);
    expect(webhookLines[0]).toMatchObject({
      level: 30,
      method: 'POST',
      route: '/twilio/inbound',
      statusCode: 200,
      reqId: expect.any(String),
      responseTime: expect.any(Number),
    });
    expect(adminLines[0]).toMatchObject({ method: 'GET', statusCode: 200, reqId: expect.any(String) });
    expect(adminLines[0].reqId).not.toBe(webhookLines[0].reqId);
  });

  it('logs /metrics, the board and refusals too', async () => {
    const before = accessLines().length;
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(
      200,
    );
    expect((await fetch(`${base}/api/messages`, { headers: { 'x-api-key': 'a-wrong-key' } })).status).toBe(401);
    const login = await fetch(`${base}/admin/queues/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `key=${ADMIN_API_KEY}`,
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    sessionCookie = login.headers.get('set-cookie')!.split(';')[0];
    const page = await fetch(`${base}/admin/queues`, { headers: { cookie: sessionCookie } });
    expect(page.status).toBe(200);
    const lines = await waitFor(() => {
      const found = accessLines().slice(before);
      return found.length >= 4 ? found : null;
    }, 'four more access log lines').then((found) => found!);
    expect(lines.map((l) => [l.method, l.route, l.statusCode])).toEqual([
      ['GET', '/metrics', 200],
      ['GET', '/api/messages', 401],
      ['POST', '/admin/queues/login', 303],
      ['GET', '/admin/queues', 200],
    ]);
  });

  it('writes no info line for what the open board polls every 5 s (or its assets), but does for a refused poll', async () => {
    const before = accessLines().length;
    for (let poll = 0; poll < 3; poll++) {
      expect((await fetch(`${base}/admin/queues/api/queues`, { headers: { cookie: sessionCookie } })).status).toBe(200);
      expect((await fetch(`${base}/admin/queues/api/redis/stats`, { headers: { cookie: sessionCookie } })).status).toBe(
        200,
      );
    }
    const asset = await fetch(`${base}/admin/queues/static/favicon-32x32.png`, { headers: { cookie: sessionCookie } });
    expect(asset.status).toBe(200);
    expect((await fetch(`${base}/admin/queues/api/queues`)).status).toBe(401);
    // The refused poll's line comes after the others would have: once it is there, nothing else came.
    const lines = await waitFor(() => {
      const found = accessLines().slice(before);
      return found.length >= 1 ? found : null;
    }, 'the refused poll’s line').then((found) => found!);
    expect(lines.map((l) => [l.method, l.route, l.statusCode, l.level])).toEqual([
      ['GET', '/admin/queues/api/queues', 401, 30],
    ]);
  });

  it("writes the live event stream's line when it ends (Fastify's hooks never see a hijacked reply), and counts open streams", async () => {
    const metric = async () => {
      const text = await (
        await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      return Number(/^switchboard_event_streams (\d+)$/m.exec(text)?.[1]);
    };
    const before = accessLines().length;
    const hangUp = new AbortController();
    const stream = await fetch(`${base}/api/events`, {
      headers: { 'x-api-key': ADMIN_API_KEY },
      signal: hangUp.signal,
    });
    expect(stream.status).toBe(200);
    expect(await metric()).toBe(1);
    hangUp.abort();
    const line = await waitFor(
      () =>
        accessLines()
          .slice(before)
          .find((l) => l.route === '/api/events'),
      'the stream’s line',
    );
    expect(line).toMatchObject({ method: 'GET', statusCode: 200, level: 30 });
    await waitFor(async () => (await metric()) === 0, 'the stream counted closed');
  });

  it('never writes a number, a body, a key, a token, a signature or a cookie', () => {
    const logs = api.output();
    expect(logs).toMatch(/"level":/);
    const sessionId = sessionCookie.split('=')[1];
    expect(sessionId).toBeTruthy();
    for (const secret of [
      '5551230001',
      BODY,
      ADMIN_API_KEY,
      METRICS_TOKEN,
      'a-wrong-key',
      signature,
      sessionId,
      SANDBOX_AUTH_TOKEN,
    ]) {
      expect({ secret, logged: logs.includes(secret) }).toEqual({ secret, logged: false });
    }
    expect(logs).not.toMatch(/set-cookie/i);
  });
});
