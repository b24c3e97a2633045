import { DEFAULT_BUSINESS_ID } from '@app/common';
import { randomUUID } from 'node:crypto';
import { InboundWrite, MessageStatus, StatusCallbackInput, WebhookRepository } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { BUSINESS_NUMBER, Harness, inboundForm, newMessageSid } from './support';

/**
 * Webhooks that arrive together are written by one statement (group commit).
 * These tests hand whole batches to that statement and check that a batch has
 * the same outcome as its webhooks applied one by one, in arrival order.
 */
describe('webhook writes in batches', () => {
  let h: Harness;
  let webhooks: WebhookRepository;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    webhooks = h.api.get(WebhookRepository);
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  function inbound(
    from: string,
    body: string,
    options: { sid?: string; optOut?: boolean; profileName?: string } = {},
  ): InboundWrite {
    const id = randomUUID();
    const sid = options.sid ?? newMessageSid();
    return {
      message: {
        id,
        businessId: DEFAULT_BUSINESS_ID,
        sid,
        channel: 'sms',
        from,
        to: BUSINESS_NUMBER,
        body,
        numMedia: 0,
        mediaUrls: [],
        mediaContentTypes: [],
        profileName: options.profileName,
      },
      optOut: options.optOut,
      job: JobQueue.outboxEntry(JobName.ReplyToInbound, { messageId: id, messageSid: sid }),
    };
  }

  const status = (sid: string, value: MessageStatus, errorCode?: number): StatusCallbackInput => ({
    businessId: DEFAULT_BUSINESS_ID,
    sid,
    status: value,
    errorCode,
    channel: 'sms',
    from: BUSINESS_NUMBER,
    to: '+15557654321',
  });

  it('stores every message of a batch with its outbox job, in arrival order', async () => {
    const writes = Array.from({ length: 30 }, (_, i) => inbound('+15557654321', `message ${i}`));
    expect(await webhooks.acceptInboundBatch(writes)).toEqual(writes.map(() => true));
    const stored = await h.prisma.message.findMany({ orderBy: { createdAt: 'asc' } });
    expect(stored.map((m) => m.body)).toEqual(writes.map((w) => w.message.body));
    expect(await h.prisma.outboxJob.count()).toBe(30);
    expect(await h.prisma.contact.count()).toBe(1);
  });

  it('stores a MessageSid twice in one batch once, and says which was the retry', async () => {
    const sid = newMessageSid();
    const [first, retry] = [inbound('+15557654321', 'hi', { sid }), inbound('+15557654321', 'hi', { sid })];
    expect(await webhooks.acceptInboundBatch([first, retry])).toEqual([true, false]);
    expect(await h.prisma.message.count()).toBe(1);
    expect(await h.prisma.outboxJob.findMany({ select: { jobId: true } })).toEqual([{ jobId: first.job.jobId }]);
  });

  it('applies the newest keyword and profile name of one sender, as one by one would', async () => {
    const from = '+15557654321';
    await webhooks.acceptInboundBatch([
      inbound(from, 'STOP', { optOut: true, profileName: 'Ada' }),
      inbound(from, 'thanks', { profileName: 'Ada L.' }),
    ]);
    expect(
      await h.prisma.contact.findUniqueOrThrow({
        where: { businessId_phone: { businessId: DEFAULT_BUSINESS_ID, phone: from } },
      }),
    ).toMatchObject({
      optedOut: true,
      optOutSource: 'keyword',
      profileName: 'Ada L.',
    });

    await webhooks.acceptInboundBatch([
      inbound(from, 'START', { optOut: false }),
      inbound(from, 'STOP', { optOut: true }),
      inbound(from, 'START', { optOut: false }),
    ]);
    const contact = await h.prisma.contact.findUniqueOrThrow({
      where: { businessId_phone: { businessId: DEFAULT_BUSINESS_ID, phone: from } },
    });
    expect(contact).toMatchObject({ optedOut: false, optOutSource: null, profileName: 'Ada L.' });
    expect(contact.optedInAt).not.toBeNull();
  });

  it('does not let a late retry of STOP undo a later START', async () => {
    const from = '+15557654321';
    const stop = inbound(from, 'STOP', { optOut: true });
    await webhooks.acceptInboundBatch([stop]);
    await webhooks.acceptInboundBatch([inbound(from, 'START', { optOut: false })]);
    expect(await webhooks.acceptInboundBatch([{ ...stop, message: { ...stop.message, id: randomUUID() } }])).toEqual([
      false,
    ]);
    expect(
      await h.prisma.contact.findUniqueOrThrow({
        where: { businessId_phone: { businessId: DEFAULT_BUSINESS_ID, phone: from } },
      }),
    ).toMatchObject({ optedOut: false });
  });

  it('collapses callbacks for one SID into the furthest status, keeping the error code', async () => {
    const sid = newMessageSid();
    const changed = await webhooks.applyStatusBatch([
      status(sid, 'sent'),
      status(sid, 'undelivered', 30003),
      status(sid, 'queued'),
    ]);
    expect(changed.map((moved) => moved !== null)).toEqual([false, true, false]);
    // What the dashboard is told: the message as it now is (a placeholder here: no send stored this SID).
    expect(changed[1]).toMatchObject({ status: 'undelivered', errorCode: 30003, inserted: true, campaignId: null });
    expect(await h.prisma.message.findUniqueOrThrow({ where: { sid } })).toMatchObject({
      status: 'undelivered',
      errorCode: 30003,
    });
    expect(await webhooks.applyStatusBatch([status(sid, 'delivered'), status(sid, 'sent')])).toEqual([null, null]);
  });

  it('answers each concurrent webhook after its own row committed, whatever batches formed', async () => {
    const sids = Array.from({ length: 200 }, () => newMessageSid());
    const results = await Promise.all(
      sids.flatMap((sid) => [
        webhooks.applyStatus(status(sid, 'sent')),
        webhooks.applyStatus(status(sid, 'delivered')),
      ]),
    );
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(200);
    expect(await h.prisma.message.count({ where: { sid: { in: sids }, status: 'delivered' } })).toBe(200);
  });

  it('fails only the webhook at fault when one item of a batch is refused', async () => {
    const good = Array.from({ length: 5 }, () => newMessageSid());
    const results = await Promise.allSettled([
      ...good.map((sid) => webhooks.applyStatus(status(sid, 'sent'))),
      webhooks.applyStatus({ ...status(newMessageSid(), 'sent'), channel: 'carrier-pigeon' as never }),
      ...good.map((sid) => webhooks.applyStatus(status(sid, 'delivered'))),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[5].status).toBe('rejected');
    expect(await h.prisma.message.count({ where: { sid: { in: good }, status: 'delivered' } })).toBe(5);
  });

  it('takes 300 concurrent signed webhooks over HTTP: each stored once, each with one reply job', async () => {
    const forms = Array.from({ length: 300 }, (_, i) =>
      inboundForm(h.twilio.accountSid, `+1555700${String(i % 50).padStart(4, '0')}`, `burst ${i}`),
    );
    const responses = await Promise.all(
      [...forms, ...forms.slice(0, 50)].map((form) => h.webhook('/twilio/inbound', form)),
    );
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(await h.prisma.message.count()).toBe(300);
    expect(await h.prisma.outboxJob.count()).toBe(300);
    expect(await h.prisma.contact.count()).toBe(50);
  });
});
