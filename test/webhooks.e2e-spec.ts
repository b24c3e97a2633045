import { DEFAULT_BUSINESS_ID } from '@app/common';
import { randomUUID } from 'node:crypto';
import { MessageSendingRepository } from '@app/database';
import { ADMIN_KEY, BUSINESS_NUMBER, Harness, inboundForm, newMessageSid, waitFor } from './support';
import { setTimeout as sleep } from 'node:timers/promises';

describe('Twilio webhooks', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  const messageCount = () => h.prisma.message.count();

  describe('POST /twilio/inbound', () => {
    it('stores the message and answers empty TwiML fast', async () => {
      const res = await h.inbound('+15557654321', 'Hello there', { ProfileName: 'Ada' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/xml/);
      expect(res.body).toContain('<Response/>');
      const stored = await h.prisma.message.findFirstOrThrow({ where: { direction: 'inbound' } });
      expect(stored).toMatchObject({
        from: '+15557654321',
        to: BUSINESS_NUMBER,
        participant: '+15557654321',
        body: 'Hello there',
        channel: 'sms',
        status: 'received',
        profileName: 'Ada',
      });
    });

    it('keeps the WhatsApp channel, media and profile name, numbers without the prefix', async () => {
      const res = await h.inbound('whatsapp:+447700900123', 'photo', {
        To: `whatsapp:${BUSINESS_NUMBER}`,
        NumMedia: '2',
        MediaUrl0: 'https://api.twilio.com/media/1',
        MediaContentType0: 'image/jpeg',
        MediaUrl1: 'https://api.twilio.com/media/2',
        MediaContentType1: 'application/pdf',
        ProfileName: 'Bob',
        WaId: '447700900123',
      });
      expect(res.statusCode).toBe(200);
      const stored = await h.prisma.message.findFirstOrThrow({ where: { direction: 'inbound' } });
      expect(stored).toMatchObject({
        channel: 'whatsapp',
        from: '+447700900123',
        to: BUSINESS_NUMBER,
        numMedia: 2,
        mediaUrls: ['https://api.twilio.com/media/1', 'https://api.twilio.com/media/2'],
        mediaContentTypes: ['image/jpeg', 'application/pdf'],
        profileName: 'Bob',
      });
    });

    it('rejects a bad signature with 403 and stores nothing', async () => {
      const form = inboundForm(h.twilio.accountSid, '+15557654321', 'forged');
      const res = await h.webhook('/twilio/inbound', form, 'bm90IGEgc2lnbmF0dXJl');
      expect(res.statusCode).toBe(403);
      expect(await messageCount()).toBe(0);
    });

    it('rejects a missing signature with 403 and stores nothing', async () => {
      const res = await h.api.inject({
        method: 'POST',
        url: '/twilio/inbound',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(inboundForm(h.twilio.accountSid, '+15557654321', 'x')).toString(),
      });
      expect(res.statusCode).toBe(403);
      expect(await messageCount()).toBe(0);
    });

    it('rejects a signature made for other parameters (tampered body)', async () => {
      const form = inboundForm(h.twilio.accountSid, '+15557654321', 'original');
      const twilio = (await import('twilio')).default;
      const signature = twilio.getExpectedTwilioSignature(
        h.twilio.authToken,
        'https://switchboard.test/twilio/inbound',
        form,
      );
      const res = await h.webhook('/twilio/inbound', { ...form, Body: 'tampered' }, signature);
      expect(res.statusCode).toBe(403);
      expect(await messageCount()).toBe(0);
    });

    it('answers 400 naming the field when a signed webhook lacks MessageSid', async () => {
      const form = inboundForm(h.twilio.accountSid, '+15557654321', 'x');
      delete form.MessageSid;
      delete form.SmsMessageSid;
      const res = await h.webhook('/twilio/inbound', form);
      expect(res.statusCode).toBe(400);
      expect(res.json().message.join(' ')).toMatch(/MessageSid/);
      expect(await messageCount()).toBe(0);
    });

    it('stores a retried webhook once and answers it once', async () => {
      const form = inboundForm(h.twilio.accountSid, '+15557654321', 'are you open?');
      const results = await Promise.all([1, 2, 3].map(() => h.webhook('/twilio/inbound', form)));
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      await waitFor(() => h.twilio.sent.length === 1, 'the reply');
      // Give a duplicate every chance to show up.
      await sleep(500);
      expect(h.twilio.sent).toHaveLength(1);
      expect(await h.prisma.message.count({ where: { direction: 'inbound' } })).toBe(1);
      expect(await h.prisma.message.count({ where: { direction: 'outbound' } })).toBe(1);
    });
  });

  describe('POST /twilio/status', () => {
    it('never moves a delivered message back to sent or queued', async () => {
      const sid = newMessageSid();
      for (const status of ['queued', 'delivered', 'sent', 'queued']) {
        expect((await h.status(sid, status)).statusCode).toBe(200);
      }
      const stored = await h.prisma.message.findUniqueOrThrow({ where: { sid } });
      expect(stored.status).toBe('delivered');
    });

    it('keeps ErrorCode and ErrorMessage of a failed message', async () => {
      const sid = newMessageSid();
      await h.status(sid, 'sent');
      await h.status(sid, 'undelivered', { ErrorCode: '30003', ErrorMessage: 'Unreachable destination handset' });
      await h.status(sid, 'sent');
      expect(await h.prisma.message.findUniqueOrThrow({ where: { sid } })).toMatchObject({
        status: 'undelivered',
        errorCode: 30003,
        errorMessage: 'Unreachable destination handset',
      });
    });

    it('answers a status outside our vocabulary 200 and changes nothing (Twilio adds statuses now and then)', async () => {
      const sid = newMessageSid();
      await h.status(sid, 'sent');
      for (const status of ['delivering', '__proto__', 'constructor']) {
        expect((await h.status(sid, status)).statusCode).toBe(200);
      }
      expect(await h.prisma.message.findUniqueOrThrow({ where: { sid } })).toMatchObject({ status: 'sent' });
      const unknownSid = newMessageSid();
      expect((await h.status(unknownSid, 'delivering')).statusCode).toBe(200);
      expect(await h.prisma.message.findUnique({ where: { sid: unknownSid } })).toBeNull();
      const metrics = await h.api.inject({ method: 'GET', url: '/metrics', headers: { 'x-api-key': ADMIN_KEY } });
      expect(metrics.body).toMatch(
        /switchboard_webhooks_total\{route="\/twilio\/status",outcome="ignored",business="default"\} 4/,
      );
    });

    it('stores an unknown SID instead of dropping it', async () => {
      const sid = newMessageSid();
      await h.status(sid, 'delivered', { To: '+15559990000' });
      expect(await h.prisma.message.findUniqueOrThrow({ where: { sid } })).toMatchObject({
        status: 'delivered',
        direction: 'outbound',
        participant: '+15559990000',
        source: 'status_callback',
      });
    });

    it('folds a callback that arrived before the send was recorded into the sent message', async () => {
      const messages = h.api.get(MessageSendingRepository);
      const sent = await messages.createOutbound(
        {
          id: randomUUID(),
          businessId: DEFAULT_BUSINESS_ID,
          channel: 'sms',
          from: BUSINESS_NUMBER,
          to: '+15559990000',
          body: 'hi',
          source: 'api',
        },
        { jobName: 'none', jobId: `test-${randomUUID()}`, payload: {} },
      );
      const sid = newMessageSid();
      await h.status(sid, 'delivered', { To: '+15559990000' });
      await messages.markAccepted(sent.id, { sid, status: 'queued' });
      const rows = await h.prisma.message.findMany({ where: { direction: 'outbound' } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: sent.id, sid, status: 'delivered' });
    });

    it('checks the signature too', async () => {
      const res = await h.webhook('/twilio/status', { MessageSid: newMessageSid(), MessageStatus: 'delivered' }, 'bad');
      expect(res.statusCode).toBe(403);
      expect(await messageCount()).toBe(0);
    });

    it('moves a sent reply through the callbacks Twilio sends for it', async () => {
      await h.inbound('+15557654321', 'HELP');
      const sent = await waitFor(() => h.twilio.sent[0], 'the reply');
      expect(sent.statusCallback).toBe('https://switchboard.test/twilio/status');
      await waitFor(() => h.prisma.message.findUnique({ where: { sid: sent.sid } }), 'the stored SID');
      await h.status(sent.sid, 'sent');
      await h.status(sent.sid, 'delivered');
      const reply = await h.prisma.message.findUniqueOrThrow({ where: { sid: sent.sid } });
      expect(reply).toMatchObject({ status: 'delivered', source: 'keyword' });
      expect(await h.prisma.message.count()).toBe(2);
    });
  });
});
