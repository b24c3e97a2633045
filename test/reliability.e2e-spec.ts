import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { MessageSendingRepository } from '@app/database';
import { SendReconciler } from '@app/messaging';
import { BUSINESS_NUMBER, Harness, inboundForm, TcpProxy, TestRedis, testDatabaseUrlVia, waitFor } from './support';

const CUSTOMER = '+15557654321';

describe('Redis down: webhooks still answer and nothing is lost', () => {
  const redis = new TestRedis();
  let h: Harness;

  beforeAll(async () => {
    await redis.start();
    h = await Harness.start({
      env: { REDIS_URL: redis.url, OUTBOX_RELAY_AFTER_MS: '500', MAINTENANCE_INTERVAL_MS: '200' },
    });
    await h.truncate();
  });
  afterAll(async () => {
    await h.close();
    await redis.kill();
  });

  it('answers 200 fast while Redis is gone, then replies to every message once it is back', async () => {
    await h.inbound(CUSTOMER, 'before');
    await waitFor(() => h.twilio.sent.length === 1, 'the first reply');
    // Its job finished too: a relay run that took its outbox row (older than 500 ms on a
    // slow first job) would otherwise hold the row until Redis is back, and count as a 6th.
    await waitFor(async () => (await h.prisma.outboxJob.count()) === 0, 'the first reply’s job to finish');

    await redis.kill();
    const customers = Array.from({ length: 5 }, (_, i) => `+1555444000${i}`);
    for (const from of customers) {
      const started = Date.now();
      const res = await h.inbound(from, 'while redis is down');
      expect(res.statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    expect(await h.prisma.outboxJob.count()).toBe(5);

    await redis.start();
    await waitFor(() => h.twilio.sent.length === 6, 'the replies after Redis came back', 20_000);
    await sleep(1_000);
    expect(h.twilio.sent.map((m) => m.to).sort()).toEqual([CUSTOMER, ...customers].sort());
    await waitFor(async () => (await h.prisma.outboxJob.count()) === 0, 'the outbox to empty');
  }, 40_000);
});

describe('PostgreSQL down: 503 for Twilio, then recovery without a restart', () => {
  let proxy: TcpProxy;
  let h: Harness;

  beforeAll(async () => {
    proxy = await new TcpProxy('127.0.0.1', 5432).start();
    h = await Harness.start({
      env: { DATABASE_URL: testDatabaseUrlVia(proxy.port) },
    });
    await h.truncate();
  });
  afterAll(async () => {
    proxy.restore();
    await h.close();
    await proxy.stop();
  });

  it('answers 503 with Retry-After while the database is unreachable and recovers by itself', async () => {
    expect((await h.inbound(CUSTOMER, 'one')).statusCode).toBe(200);
    await waitFor(() => h.twilio.sent.length === 1, 'the first reply');

    proxy.cut();
    const form = inboundForm(h.twilio.accountSid, CUSTOMER, 'two');
    const down = await h.webhook('/twilio/inbound', form);
    expect(down.json()).toMatchObject({ statusCode: 503 });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    const health = await h.admin('GET', '/api/health', undefined, null);
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ db: 'down', redis: 'ok' });
    expect((await h.admin('GET', '/api/messages')).statusCode).toBe(503);

    proxy.restore();
    await waitFor(
      async () => (await h.admin('GET', '/api/health', undefined, null)).statusCode === 200,
      'health to recover',
    );
    // Twilio retries the webhook (same MessageSid) and it goes through now.
    const retried = await h.webhook('/twilio/inbound', form);
    expect(retried.statusCode).toBe(200);
    await waitFor(() => h.twilio.sent.length === 2, 'a reply after recovery');
  }, 40_000);
});

describe('interrupted sends are reconciled with Twilio', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({
      env: { SUBMITTING_TIMEOUT_MS: '800', TWILIO_TIMEOUT_MS: '300', MAINTENANCE_INTERVAL_MS: '200' },
    });
  });
  beforeEach(() => h.truncate());
  afterAll(() => h.close());

  /** A send a worker claimed and then died on, seconds ago. */
  async function stuckSend(body: string) {
    const message = await h.prisma.message.create({
      data: {
        businessId: DEFAULT_BUSINESS_ID,
        direction: 'outbound',
        from: BUSINESS_NUMBER,
        to: CUSTOMER,
        participant: CUSTOMER,
        body,
        status: 'submitting',
        statusRank: 1,
        attempts: 1,
        source: 'api',
      },
    });
    await h.prisma
      .$executeRaw`UPDATE messages SET "updatedAt" = now() - interval '10 seconds' WHERE id = ${message.id}::uuid`;
    return message;
  }

  it('records the SID when Twilio already has the message, and does not text twice', async () => {
    const body = `reminder ${randomBytes(4).toString('hex')}`;
    const sid = h.twilio.addRemoteMessage({
      from: BUSINESS_NUMBER,
      to: CUSTOMER,
      body,
      direction: 'outbound-api',
      status: 'sent',
    });
    const message = await stuckSend(body);
    const settled = await waitFor(
      () => h.prisma.message.findFirst({ where: { id: message.id, sid: { not: null } } }),
      'the reconciled message',
    );
    expect(settled).toMatchObject({ sid, status: 'sent' });
    expect(h.twilio.sent).toHaveLength(0);
  });

  it('leaves a call that timed out to the reconciler, which finds it at Twilio: texted once', async () => {
    // Past TWILIO_TIMEOUT_MS (300): our call gives up, Twilio still takes the message, ~450 ms before the reconciler may ask.
    h.twilio.latencyMs = 350;
    try {
      const { id } = (await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'answered too late' })).json();
      const settled = await waitFor(
        () => h.prisma.message.findFirst({ where: { id, sid: { not: null } } }),
        'the reconciled message',
      );
      expect(h.twilio.sent).toHaveLength(1);
      expect(settled).toMatchObject({ sid: h.twilio.sent[0].sid, attempts: 1 });
      await sleep(1_000);
      expect(h.twilio.sent).toHaveLength(1);
    } finally {
      h.twilio.latencyMs = 0;
    }
  });

  it('asks Twilio once per stuck send, however many reconcilers run', async () => {
    const body = `once ${randomBytes(4).toString('hex')}`;
    h.twilio.addRemoteMessage({ from: BUSINESS_NUMBER, to: CUSTOMER, body, direction: 'outbound-api', status: 'sent' });
    const message = await stuckSend(body);
    const reconciler = h.worker!.get(SendReconciler);
    await Promise.all([reconciler.reconcile(), reconciler.reconcile(), reconciler.reconcile()]); // besides the reconcile-sends job's own
    await waitFor(
      () => h.prisma.message.findFirst({ where: { id: message.id, sid: { not: null } } }),
      'the reconciled message',
    );
    const lists = h.twilio.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'));
    expect(lists).toHaveLength(1);
  });

  it('never lets a stale release reopen a newer attempt', async () => {
    // The second attempt's claim, just made (so no reconciler takes it), while a stale caller still holds the first.
    const message = await h.prisma.message.create({
      data: {
        businessId: DEFAULT_BUSINESS_ID,
        direction: 'outbound',
        from: BUSINESS_NUMBER,
        to: CUSTOMER,
        participant: CUSTOMER,
        body: 'claimed twice',
        status: 'submitting',
        statusRank: 1,
        attempts: 2,
        source: 'api',
      },
    });
    const messages = h.api.get(MessageSendingRepository);
    expect(await messages.releaseForRetry({ id: message.id, attempts: 1 }, null, 'stale')).toBe(false);
    expect(await h.prisma.message.findUnique({ where: { id: message.id } })).toMatchObject({
      status: 'submitting',
      attempts: 2,
    });
    expect(await messages.releaseForRetry({ id: message.id, attempts: 2 }, null, 'current')).toBe(true);
  });

  it('sends it again when Twilio never got it', async () => {
    const message = await stuckSend('never reached Twilio');
    await waitFor(() => h.twilio.sent.length === 1, 'the re-send');
    const settled = await waitFor(
      () => h.prisma.message.findFirst({ where: { id: message.id, sid: { not: null } } }),
      'the re-sent message',
    );
    expect(settled).toMatchObject({ sid: h.twilio.sent[0].sid, status: 'queued', attempts: 2 });
    await sleep(600);
    expect(h.twilio.sent).toHaveLength(1);
  });
});

describe('SIGTERM drains the worker', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.truncate();
  });
  afterAll(() => h.close());

  it('finishes the send in flight, then exits', async () => {
    h.twilio.latencyMs = 1_500;
    const worker = await h.spawnWorker();
    await h.inbound(CUSTOMER, 'HELP');
    // Wait until the worker has claimed the send and is waiting on Twilio.
    await waitFor(
      () => h.prisma.message.findFirst({ where: { direction: 'outbound', status: 'submitting' } }),
      'the claim',
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      worker.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const started = Date.now();
    worker.kill('SIGTERM');
    // Nest closes the app, then re-raises the signal: a clean SIGTERM exit, not a crash.
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeGreaterThan(500); // it waited for Twilio's answer
    expect(h.twilio.sent).toHaveLength(1);
    expect(await h.prisma.message.findFirstOrThrow({ where: { direction: 'outbound' } })).toMatchObject({
      status: 'queued',
      sid: h.twilio.sent[0].sid,
    });
  });
});
