import { DEFAULT_BUSINESS_ID } from '@app/common';
import { BUSINESS_NUMBER, Harness, waitFor } from './support';
import { setTimeout as sleep } from 'node:timers/promises';

const CUSTOMER = '+15557654321';
const ENV = { BOT_KEYWORDS: 'HOURS=We are open 9-5 Mon-Fri|PRICE=See example.com/prices' };

describe('Replies (worker)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: ENV });
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  const sentTo = (to: string) => h.twilio.sent.filter((m) => m.to === to);
  const nextReply = async (count: number) => {
    await waitFor(() => h.twilio.sent.length >= count, `${count} message(s) at Twilio`);
    return h.twilio.sent[count - 1];
  };
  /** Waits until the worker has dealt with everything, then gives a stray duplicate time to appear. */
  const quiet = async () => {
    await h.settle();
    await sleep(200);
  };

  describe('AI', () => {
    beforeEach(async () => {
      const res = await h.admin('POST', '/api/ai/config', {
        enabled: true,
        systemPrompt: 'You are the front desk of Joe’s Plumbing.',
        model: 'gpt-test-1',
        temperature: 0.2,
      });
      expect(res.statusCode).toBe(200);
    });

    it('answers with the system prompt and the conversation history, from the number that was texted', async () => {
      // Earlier conversation, oldest first.
      await h.inbound(CUSTOMER, 'Do you fix boilers?');
      await nextReply(1);
      await waitFor(() => h.prisma.message.count({ where: { status: 'queued' } }).then((n) => n === 1), 'stored reply');
      h.openai.respond = () => 'Yes, we can come tomorrow at 9.';
      await h.inbound(CUSTOMER, 'Can you come tomorrow?', { To: '+15550002222' });
      const reply = await nextReply(2);

      const request = h.openai.requests[1];
      expect(request.model).toBe('gpt-test-1');
      expect(request.temperature).toBe(0.2);
      expect(request.authorization).toBe('Bearer sk-test-openai-key');
      expect(request.messages).toEqual([
        { role: 'system', content: 'You are the front desk of Joe’s Plumbing.' },
        { role: 'user', content: 'Do you fix boilers?' },
        { role: 'assistant', content: 'AI answer to: Do you fix boilers?' },
        { role: 'user', content: 'Can you come tomorrow?' },
      ]);
      expect(reply).toMatchObject({
        to: CUSTOMER,
        from: '+15550002222',
        body: 'Yes, we can come tomorrow at 9.',
        statusCallback: 'https://switchboard.test/twilio/status',
      });
      const stored = await waitFor(
        () => h.prisma.message.findUnique({ where: { sid: reply.sid } }),
        'the reply stored with its SID',
      );
      expect(stored).toMatchObject({
        direction: 'outbound',
        source: 'ai',
        status: 'queued',
        to: CUSTOMER,
        from: '+15550002222',
      });
      const inbound = await h.prisma.message.findFirstOrThrow({ where: { body: 'Can you come tomorrow?' } });
      expect(stored!.replyToId).toBe(inbound.id);
    });

    it('keeps the history within the character budget, newest kept', async () => {
      await h.close();
      h = await Harness.start({ env: { ...ENV, AI_HISTORY_CHARS: '40' } });
      await h.admin('POST', '/api/ai/config', { enabled: true, systemPrompt: 'S' });
      await h.inbound(CUSTOMER, 'first message that is long enough');
      await nextReply(1);
      h.openai.respond = () => 'ok';
      await h.inbound(CUSTOMER, 'second');
      await nextReply(2);
      await h.inbound(CUSTOMER, 'third');
      await nextReply(3);
      const contents = h.openai.requests[2].messages.map((m) => m.content);
      expect(contents).toEqual(['S', 'second', 'ok', 'third']);
    });

    it('sends the fallback text when the model fails', async () => {
      h.openai.failNext(500, 1);
      await h.inbound(CUSTOMER, 'hello?');
      const reply = await nextReply(1);
      expect(reply.body).toBe('Sorry, we could not answer right now. We will get back to you soon.');
    });

    it('answers only numbers: a short code or an alphanumeric sender is kept, unanswered, with the reason', async () => {
      for (const sender of ['72345', 'MyBank']) {
        expect((await h.inbound(sender, `Your code is 1234 from ${sender}`)).statusCode).toBe(200);
      }
      await h.inbound(CUSTOMER, 'And a person');
      await nextReply(1);
      await quiet();
      expect(h.twilio.sent.map((m) => m.to)).toEqual([CUSTOMER]);
      expect(h.openai.requests).toHaveLength(1);
      const kept = await h.prisma.message.findMany({
        where: { from: { in: ['72345', 'MyBank'] } },
        orderBy: { from: 'asc' },
      });
      expect(kept.map((m) => [m.from, m.direction, m.errorMessage])).toEqual([
        ['72345', 'inbound', expect.stringMatching(/^not answered: the sender is a short code or an alphanumeric ID/)],
        ['MyBank', 'inbound', expect.stringMatching(/^not answered: the sender is a short code or an alphanumeric ID/)],
      ]);
    });

    it('cuts a long answer on a word boundary at 1600 characters', async () => {
      h.openai.respond = () => 'word '.repeat(500);
      await h.inbound(CUSTOMER, 'tell me everything');
      const reply = await nextReply(1);
      expect(reply.body.length).toBeLessThanOrEqual(1600);
      expect(reply.body.endsWith('word…')).toBe(true);
    });

    it('never sees keywords, and turns auto-reply off when enabled', async () => {
      await h.inbound(CUSTOMER, ' help ');
      const reply = await nextReply(1);
      expect(reply.body).toMatch(/Reply STOP to unsubscribe/);
      expect(h.openai.requests).toHaveLength(0);

      await h.admin('POST', '/api/auto-reply/config', { enabled: true, message: 'auto' });
      await h.admin('POST', '/api/ai/config', { enabled: true });
      const autoReply = await h.admin('GET', '/api/auto-reply/config');
      expect(autoReply.json().enabled).toBe(false);
    });
  });

  describe('STOP / START / HELP', () => {
    it('opts out on STOP, stays silent afterwards, and opts back in on START', async () => {
      await h.inbound(CUSTOMER, 'Stop.');
      expect((await nextReply(1)).body).toMatch(/unsubscribed/);
      expect(
        await h.prisma.contact.findUniqueOrThrow({
          where: { businessId_phone: { businessId: DEFAULT_BUSINESS_ID, phone: CUSTOMER } },
        }),
      ).toMatchObject({
        optedOut: true,
        optOutSource: 'keyword',
      });

      await h.inbound(CUSTOMER, 'anyone there?');
      await quiet();
      expect(sentTo(CUSTOMER)).toHaveLength(1);

      // An API send to an opted-out contact is suppressed, not sent.
      const send = await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'promo' });
      expect(send.statusCode).toBe(201);
      await waitFor(
        () => h.prisma.message.findFirst({ where: { id: send.json().id, status: 'suppressed' } }),
        'the suppressed send',
      );
      expect(sentTo(CUSTOMER)).toHaveLength(1);

      await h.inbound(CUSTOMER, 'start');
      expect((await nextReply(2)).body).toMatch(/resubscribed/);
      expect(
        (
          await h.prisma.contact.findUniqueOrThrow({
            where: { businessId_phone: { businessId: DEFAULT_BUSINESS_ID, phone: CUSTOMER } },
          })
        ).optedOut,
      ).toBe(false);
      await h.inbound(CUSTOMER, 'HOURS');
      expect((await nextReply(3)).body).toBe('We are open 9-5 Mon-Fri');
    });

    it.each(['STOPALL', 'unsubscribe', 'CANCEL', 'end', 'Quit', '  stop  '])(
      'treats %p as an opt-out',
      async (word) => {
        await h.inbound(CUSTOMER, word);
        await nextReply(1);
        expect(
          (
            await h.prisma.contact.findUniqueOrThrow({
              where: { businessId_phone: { businessId: DEFAULT_BUSINESS_ID, phone: CUSTOMER } },
            })
          ).optedOut,
        ).toBe(true);
      },
    );

    it('answers HELP and INFO with the help text', async () => {
      await h.inbound(CUSTOMER, 'HELP');
      await h.inbound('+15557654322', 'info');
      await nextReply(2);
      expect(h.twilio.sent.map((m) => m.body)).toEqual([
        expect.stringMatching(/Reply STOP/),
        expect.stringMatching(/Reply STOP/),
      ]);
    });

    it('marks a contact opted out when Twilio answers 21610', async () => {
      h.twilio.failFor(CUSTOMER, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
      await h.inbound(CUSTOMER, 'hi');
      await waitFor(
        () =>
          h.prisma.contact.findFirst({
            where: { businessId: DEFAULT_BUSINESS_ID, phone: CUSTOMER, optedOut: true },
          }),
        'the opt-out',
      );
      expect(
        (
          await h.prisma.contact.findUniqueOrThrow({
            where: { businessId_phone: { businessId: DEFAULT_BUSINESS_ID, phone: CUSTOMER } },
          })
        ).optOutSource,
      ).toBe('twilio_21610');
      expect(await h.prisma.message.findFirstOrThrow({ where: { direction: 'outbound' } })).toMatchObject({
        status: 'failed',
        errorCode: 21610,
      });
    });
  });

  describe('auto-reply', () => {
    it('answers messages received after it was enabled, never older ones', async () => {
      // A message from yesterday that only now reaches us through a history sync.
      h.twilio.addRemoteMessage({
        from: CUSTOMER,
        to: BUSINESS_NUMBER,
        body: 'old question',
        direction: 'inbound',
        dateCreated: new Date(Date.now() - 24 * 3600 * 1000),
      });
      const enable = await h.admin('POST', '/api/auto-reply/config', {
        enabled: true,
        message: 'We will call you back.',
      });
      expect(enable.statusCode).toBe(200);
      const sync = await h.admin('POST', '/api/messages/sync', { reply: true });
      expect(sync.json()).toMatchObject({ created: 1, replyQueuedFor: expect.stringMatching(/^SM/) });
      await quiet();
      expect(h.twilio.sent).toHaveLength(0);

      await h.inbound(CUSTOMER, 'new question');
      const reply = await nextReply(1);
      expect(reply).toMatchObject({ body: 'We will call you back.', to: CUSTOMER, from: BUSINESS_NUMBER });
    });

    it('falls back to the keyword bot when disabled', async () => {
      await h.admin('POST', '/api/auto-reply/config', { enabled: false });
      await h.inbound(CUSTOMER, 'price please');
      expect((await nextReply(1)).body).toBe('See example.com/prices');
      await h.inbound(CUSTOMER, 'something else');
      expect((await nextReply(2)).body).toBe('Thanks for your message! Reply HELP for help or STOP to opt out.');
    });
  });

  describe('sending', () => {
    it('retries a 429 and a 503 from Twilio and sends once', async () => {
      h.twilio.failNext({ status: 429, code: 20429, message: 'Too Many Requests' });
      h.twilio.failNext({ status: 503, code: 20503, message: 'Service Unavailable' });
      await h.inbound(CUSTOMER, 'HELP');
      await waitFor(() => h.twilio.sent.length === 1, 'the retried send', 15_000);
      await quiet();
      expect(h.twilio.sent).toHaveLength(1);
      const reply = await h.prisma.message.findFirstOrThrow({ where: { direction: 'outbound' } });
      expect(reply).toMatchObject({ status: 'queued', attempts: 3, sid: h.twilio.sent[0].sid });
    }, 20_000);

    it('does not retry an invalid number (21211)', async () => {
      h.twilio.failNext({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
      await h.inbound(CUSTOMER, 'HELP');
      const failed = await waitFor(
        () => h.prisma.message.findFirst({ where: { direction: 'outbound', status: 'failed' } }),
        'the failed reply',
      );
      expect(failed).toMatchObject({ errorCode: 21211, attempts: 1 });
    });
  });
});

describe('AI on a self-hosted OpenAI-compatible server', () => {
  it('works with OPENAI_BASE_URL and no API key', async () => {
    const h = await Harness.start({ env: { OPENAI_API_KEY: undefined, AI_ENABLED: 'true' } });
    try {
      await h.truncate();
      const config = await h.admin('GET', '/api/ai/config');
      expect(config.json()).toMatchObject({ active: true, unavailableReason: null });
      await h.inbound(CUSTOMER, 'hello model');
      await waitFor(() => h.twilio.sent.length === 1, 'the AI reply');
      expect(h.twilio.sent[0].body).toBe('AI answer to: hello model');
    } finally {
      await h.close();
    }
  });

  it('stays off and says why with neither a key nor a base URL', async () => {
    const h = await Harness.start({
      env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, AI_ENABLED: 'true' },
    });
    try {
      await h.truncate();
      expect((await h.admin('GET', '/api/ai/config')).json()).toMatchObject({
        enabled: true,
        active: false,
        unavailableReason: expect.stringMatching(/no OpenAI API key/),
      });
      await h.inbound(CUSTOMER, 'hello');
      await waitFor(() => h.twilio.sent.length === 1, 'the bot reply');
      expect(h.twilio.sent[0].body).toBe('Thanks for your message! Reply HELP for help or STOP to opt out.');
      expect(h.openai.requests).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});

describe('Replies in echo mode', () => {
  it('echoes when CHAT_BOT_MODE=echo', async () => {
    const h = await Harness.start({ env: { CHAT_BOT_MODE: 'echo' } });
    try {
      await h.truncate();
      await h.inbound(CUSTOMER, 'ping');
      await waitFor(() => h.twilio.sent.length === 1, 'the echo');
      expect(h.twilio.sent[0].body).toBe('Echo: ping');
    } finally {
      await h.close();
    }
  });
});
