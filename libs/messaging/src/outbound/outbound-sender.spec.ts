import { Clock, DEFAULT_BUSINESS_ID } from '@app/common';
import { loadConfig } from '@app/config';
import type { ContactsRepository, MessageSendingRepository } from '@app/database';
import { SendFencedError, type SharedCounters, type WorkerHeartbeat, WorkerLiveness } from '@app/queue';
import type { TwilioGateway } from '@app/twilio';
import { BusinessTwilio, TwilioAccountUnavailableError } from '../businesses/business-twilio';
import type { MessageEvents } from '../live/message-events';
import { OutboundSender, TransientSendError, type SendableMessage } from './outbound-sender';

const HOUR = 3_600_000;

type TextMessage = SendableMessage & { channel: 'sms' | 'whatsapp' };
const message = (fields: Partial<TextMessage> = {}): TextMessage => ({
  id: 'm1',
  businessId: DEFAULT_BUSINESS_ID,
  sid: null,
  direction: 'outbound',
  channel: 'sms',
  from: '+15550001111',
  to: '+15557654321',
  participant: '+15557654321',
  body: 'Your order is ready.',
  status: 'submitting',
  statusRank: 1,
  errorCode: null,
  errorMessage: null,
  price: null,
  priceUnit: null,
  numMedia: 0,
  mediaUrls: [],
  mediaContentTypes: [],
  profileName: null,
  accountSid: null,
  messagingServiceSid: null,
  contentSid: null,
  contentVariables: null,
  lastInboundWhatsappAt: null,
  source: 'api',
  replyToId: null,
  replyPart: null,
  attempts: 1,
  claimedBy: 'worker-a',
  scheduledAt: null,
  reminderId: null,
  appointmentId: null,
  readAt: null,
  sentAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...fields,
});

/** What the twilio SDK throws: a RestException carries Twilio's HTTP status and error code. */
const twilioRefusal = (status: number, code: number) => Object.assign(new Error(`Twilio ${code}`), { status, code });
/** No answer: undici's errors carry a string code. */
const noAnswer = (code: string) => Object.assign(new Error(code), { code });

const SUBACCOUNT = { accountSid: 'AC00000000000000000000000000000002', authToken: 'subaccount-token' };

async function setUp(
  claim: (SendableMessage & { recipientOptedOut: boolean }) | null = { ...message(), recipientOptedOut: false },
  account: () => Promise<typeof SUBACCOUNT | null> = () => Promise.resolve(null),
) {
  const messages = {
    claimForSending: jest.fn(() => Promise.resolve(claim)),
    markUnsent: jest.fn(() => Promise.resolve()),
    markAccepted: jest.fn(() => Promise.resolve()),
    releaseForRetry: jest.fn(() => Promise.resolve(true)),
    markGivenInConversation: jest.fn(() => Promise.resolve()),
  };
  const contacts = { setOptedOut: jest.fn(() => Promise.resolve()) };
  const twilio = { send: jest.fn(() => Promise.resolve({ sid: 'SM1', status: 'queued' })) };
  const counters = { add: jest.fn() };
  const events = { stored: jest.fn(), moved: jest.fn() };
  const businesses = {
    // As BusinessTwilio answers: an unopenable token is a value; a failed lookup rejects.
    forSend: jest.fn(async () => {
      try {
        return { account: await account(), slug: 'acme' };
      } catch (error) {
        if (error instanceof TwilioAccountUnavailableError) return { account: error, slug: 'acme' };
        throw error;
      }
    }),
  };
  const config = loadConfig({ PUBLIC_BASE_URL: 'https://sms.example.com' });
  // The real fence over a heartbeat that answers at once, on a clock the test moves.
  const heartbeat = { beat: jest.fn(() => Promise.resolve()) };
  const liveness = new WorkerLiveness(config, heartbeat as unknown as WorkerHeartbeat);
  let now = 0;
  liveness.monotonicNow = () => now;
  const advance = (ms: number) => (now += ms);
  await liveness.beat();
  const sender = new OutboundSender(
    config,
    messages as unknown as MessageSendingRepository,
    contacts as unknown as ContactsRepository,
    twilio as unknown as TwilioGateway,
    counters as unknown as SharedCounters,
    businesses as unknown as BusinessTwilio,
    new Clock(),
    events as unknown as MessageEvents,
    liveness,
  );
  const ticket = liveness.ticket()!;
  return { sender, messages, contacts, twilio, counters, businesses, events, liveness, heartbeat, advance, ticket };
}

describe('OutboundSender: the WhatsApp window', () => {
  const whatsapp = (fields: Partial<TextMessage>) => ({
    ...message({ channel: 'whatsapp', ...fields }),
    recipientOptedOut: false,
  });

  it('sends free text to a contact who wrote within 24 hours', async () => {
    const { sender, twilio } = await setUp(whatsapp({ lastInboundWhatsappAt: new Date(Date.now() - 23 * HOUR) }));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(twilio.send).toHaveBeenCalled();
  });

  it.each([
    ['never wrote', null],
    ['wrote 24 hours ago', new Date(Date.now() - 24 * HOUR)],
  ])('fails free text to a contact who %s with 63016, without calling Twilio, and counts it', async (_, last) => {
    const { sender, twilio, messages, counters } = await setUp(whatsapp({ lastInboundWhatsappAt: last }));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(twilio.send).not.toHaveBeenCalled();
    expect(messages.markUnsent).toHaveBeenCalledWith(
      'm1',
      'failed',
      63016,
      "outside WhatsApp's 24-hour window: send a template (contentSid)",
    );
    expect(counters.add).toHaveBeenCalledWith('twilio_sends_total', ['refused_locally', '63016', 'acme']);
  });

  it('sends a template outside the window, with its variables', async () => {
    const template = { contentSid: `HX${'a'.repeat(32)}`, contentVariables: '{"1":"Ada"}' };
    const { sender, twilio } = await setUp(whatsapp(template));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(twilio.send).toHaveBeenCalledWith(expect.objectContaining(template), null, expect.any(Function));
  });

  it('sends a reply whatever the window says: the inbound message it answers opened it', async () => {
    const { sender, twilio } = await setUp(whatsapp({ replyToId: 'in1', source: 'ai' }));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(twilio.send).toHaveBeenCalled();
  });

  it('leaves SMS alone', async () => {
    const { sender, twilio } = await setUp({ ...message(), recipientOptedOut: false });
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(twilio.send).toHaveBeenCalled();
  });
});

describe('OutboundSender', () => {
  it("sends through the business's own subaccount when it has one", async () => {
    const { sender, twilio, businesses } = await setUp(undefined, () => Promise.resolve(SUBACCOUNT));
    await sender.send('m1', false);
    expect(businesses.forSend).toHaveBeenCalledWith(DEFAULT_BUSINESS_ID);
    expect(twilio.send).toHaveBeenCalledWith(
      expect.objectContaining({ to: '+15557654321' }),
      SUBACCOUNT,
      expect.any(Function),
    );
  });

  it('fails a message whose business token cannot be opened, without calling Twilio or retrying', async () => {
    const { sender, messages, twilio } = await setUp(undefined, () =>
      Promise.reject(new TwilioAccountUnavailableError('acme')),
    );
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(twilio.send).not.toHaveBeenCalled();
    expect(messages.markUnsent).toHaveBeenCalledWith('m1', 'failed', null, expect.stringContaining('SECRETS_KEY'));
  });

  it("releases the message for a retry when the business's account cannot be read", async () => {
    const { sender, messages, twilio } = await setUp(undefined, () => Promise.reject(new Error('connection refused')));
    await expect(sender.send('m1', false)).rejects.toThrow(TransientSendError);
    expect(twilio.send).not.toHaveBeenCalled();
    expect(messages.releaseForRetry).toHaveBeenCalled();
    expect(messages.markUnsent).not.toHaveBeenCalled();
  });

  it('sends a claimed message with a status callback and records Twilio’s acceptance', async () => {
    const { sender, messages, twilio, events } = await setUp();
    await expect(sender.send('m1', false)).resolves.toEqual({ status: 'done', detail: 'accepted by Twilio' });
    expect(twilio.send).toHaveBeenCalledWith(
      expect.objectContaining({ to: '+15557654321', statusCallback: 'https://sms.example.com/twilio/status' }),
      null,
      // The write guard (the fence), asked when the request gets its socket.
      expect.any(Function),
    );
    expect(messages.markAccepted).toHaveBeenCalledWith('m1', { sid: 'SM1', status: 'queued' });
    // The dashboard hears of it once it is recorded.
    expect(events.moved).toHaveBeenCalledWith(expect.objectContaining({ id: 'm1' }), 'queued', null);
    expect(messages.markAccepted.mock.invocationCallOrder[0]).toBeLessThan(events.moved.mock.invocationCallOrder[0]);
  });

  it('does nothing when another worker holds the claim (lost claim)', async () => {
    const { sender, twilio } = await setUp(null);
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(twilio.send).not.toHaveBeenCalled();
  });

  it('suppresses a text to an opted-out recipient without calling Twilio, but sends a keyword answer', async () => {
    const optedOut = await setUp({ ...message(), recipientOptedOut: true });
    await expect(optedOut.sender.send('m1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(optedOut.twilio.send).not.toHaveBeenCalled();
    expect(optedOut.messages.markUnsent).toHaveBeenCalledWith('m1', 'suppressed', null, 'recipient opted out');

    const confirmation = await setUp({ ...message({ source: 'keyword' }), recipientOptedOut: true });
    await expect(confirmation.sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(confirmation.twilio.send).toHaveBeenCalled();
  });

  it('on 21610 marks the contact opted out and the message failed, without a retry', async () => {
    const { sender, twilio, contacts, messages, events } = await setUp();
    twilio.send.mockRejectedValueOnce(twilioRefusal(400, 21610));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(contacts.setOptedOut).toHaveBeenCalledWith(DEFAULT_BUSINESS_ID, '+15557654321', true, 'twilio_21610');
    expect(messages.markUnsent).toHaveBeenCalledWith('m1', 'failed', 21610, 'Twilio 21610');
    expect(events.moved).toHaveBeenCalledWith(expect.objectContaining({ id: 'm1' }), 'failed', 21610);
    expect(messages.releaseForRetry).not.toHaveBeenCalled();
  });

  it('fails an invalid number (21211) at once', async () => {
    const { sender, twilio, messages } = await setUp();
    twilio.send.mockRejectedValueOnce(twilioRefusal(400, 21211));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(messages.markUnsent).toHaveBeenCalledWith('m1', 'failed', 21211, 'Twilio 21211');
    expect(messages.releaseForRetry).not.toHaveBeenCalled();
  });

  it('keeps the claim when the call ended without an answer: the reconciler asks Twilio before any resend', async () => {
    const { sender, twilio, messages } = await setUp();
    twilio.send.mockRejectedValueOnce(noAnswer('UND_ERR_HEADERS_TIMEOUT'));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(messages.releaseForRetry).not.toHaveBeenCalled();
    expect(messages.markUnsent).not.toHaveBeenCalled();
  });

  it('releases and throws on a 429 (the queue retries with backoff), slowing the sender down first', async () => {
    const { sender, twilio, messages, ticket } = await setUp();
    const onRateLimited = jest.fn(() => Promise.resolve());
    twilio.send.mockRejectedValueOnce(twilioRefusal(429, 20429));
    await expect(sender.deliver(message(), ticket, false, onRateLimited)).rejects.toThrow(TransientSendError);
    expect(onRateLimited).toHaveBeenCalled();
    expect(messages.releaseForRetry).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'm1', attempts: 1 }),
      20429,
      'Twilio 20429',
    );
  });

  it('retries a connection refused before the request left (Twilio cannot have it)', async () => {
    const { sender, twilio, messages } = await setUp();
    twilio.send.mockRejectedValueOnce(noAnswer('ECONNREFUSED'));
    await expect(sender.send('m1', false)).rejects.toThrow(TransientSendError);
    expect(messages.releaseForRetry).toHaveBeenCalled();
  });

  it('does not retry when the release lost its compare-and-set (the reconciler settled it meanwhile)', async () => {
    const { sender, twilio, messages } = await setUp();
    twilio.send.mockRejectedValueOnce(twilioRefusal(503, 20500));
    messages.releaseForRetry.mockResolvedValueOnce(false);
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(messages.markUnsent).not.toHaveBeenCalled();
  });

  it('fails a retryable error on the last attempt instead of retrying forever', async () => {
    const { sender, twilio, messages } = await setUp();
    twilio.send.mockRejectedValueOnce(twilioRefusal(503, 20500));
    await expect(sender.send('m1', true)).resolves.toMatchObject({ status: 'done' });
    expect(messages.releaseForRetry).not.toHaveBeenCalled();
    expect(messages.markUnsent).toHaveBeenCalledWith('m1', 'failed', 20500, 'Twilio 20500');
  });
});

describe('OutboundSender: answers in a call or a widget chat', () => {
  it.each(['voice', 'web'] as const)(
    'never texts a %s answer: it is given there, and recorded delivered',
    async (channel) => {
      const { sender, twilio, messages } = await setUp({ ...message(), channel, recipientOptedOut: false });
      await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
      expect(twilio.send).not.toHaveBeenCalled();
      expect(messages.markGivenInConversation).toHaveBeenCalledWith('m1');
    },
  );

  it('answers a caller who opted out of texts all the same: the opt-out is of texts', async () => {
    const { sender, messages } = await setUp({ ...message(), channel: 'voice', recipientOptedOut: true });
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(messages.markUnsent).not.toHaveBeenCalled();
    expect(messages.markGivenInConversation).toHaveBeenCalledWith('m1');
  });

  describe('the fence: a worker whose heartbeat lapsed sends none of its claims', () => {
    // Defaults: WORKER_DEAD_AFTER_MS 5000, a 1000 ms margin: no Twilio request once the last acknowledged beat is 4 s old.
    it('claims nothing while its beats fail, and waits a beat instead of spending an attempt', async () => {
      const { sender, messages, twilio, liveness, heartbeat, advance } = await setUp();
      heartbeat.beat.mockRejectedValue(new Error('Redis is away'));
      advance(3_000);
      await expect(liveness.beat()).rejects.toThrow('Redis is away');
      advance(1_001);
      await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'parked' });
      expect(messages.claimForSending).not.toHaveBeenCalled();
      expect(twilio.send).not.toHaveBeenCalled();
    });

    it('claims with its own name, and sends while its beats hold', async () => {
      const { sender, messages, twilio, liveness, advance } = await setUp();
      advance(3_999);
      await expect(sender.send('m1', false)).resolves.toMatchObject({ detail: 'accepted by Twilio' });
      expect(messages.claimForSending).toHaveBeenCalledWith('m1', liveness.owner);
      expect(twilio.send).toHaveBeenCalledTimes(1);
    });

    it('leaves a claim `submitting` for the reconciler when the fence closes before the request', async () => {
      const { sender, messages, twilio, counters, advance } = await setUp();
      // The claim's round trip is where a stalled event loop loses the time.
      messages.claimForSending.mockImplementationOnce(() => {
        advance(4_001);
        return Promise.resolve({ ...message(), recipientOptedOut: false });
      });
      await expect(sender.send('m1', false)).resolves.toMatchObject({ detail: expect.stringMatching(/reconciler/) });
      expect(twilio.send).not.toHaveBeenCalled();
      expect(messages.releaseForRetry).not.toHaveBeenCalled();
      expect(messages.markUnsent).not.toHaveBeenCalled();
      expect(messages.markAccepted).not.toHaveBeenCalled();
      expect(counters.add).toHaveBeenCalledWith('twilio_sends_total', ['fenced', 'none', 'acme']);
    });

    it('refuses at the moment of writing: the guard handed to Twilio closes when the fence does', async () => {
      const { sender, messages, twilio, advance } = await setUp();
      // As undici calls it when the request finally gets a socket (it may have waited in the pool).
      twilio.send.mockImplementationOnce(((_request: unknown, _account: unknown, guard: () => void) => {
        guard();
        advance(4_001);
        guard();
        return Promise.resolve({ sid: 'SM1', status: 'queued' });
      }) as never);
      await expect(sender.send('m1', false)).resolves.toMatchObject({ detail: expect.stringMatching(/reconciler/) });
      expect(messages.releaseForRetry).not.toHaveBeenCalled();
      expect(messages.markAccepted).not.toHaveBeenCalled();
    });

    it('refuses a claim taken before a lapse even once beats are back (the reconciler may have settled it)', async () => {
      const { sender, twilio, messages, liveness, advance, ticket } = await setUp();
      advance(30_000); // frozen (SIGSTOP, a swap storm): declared dead, its claims reconciled meanwhile
      await liveness.beat();
      expect(liveness.fenced()).toBe(false);
      await expect(sender.deliver(message(), ticket, false)).resolves.toMatchObject({
        detail: expect.stringMatching(/reconciler/),
      });
      expect(twilio.send).not.toHaveBeenCalled();
      expect(messages.releaseForRetry).not.toHaveBeenCalled();
      // A new claim, in the new period, goes.
      await expect(sender.send('m1', false)).resolves.toMatchObject({ detail: 'accepted by Twilio' });
    });

    it('does not take a refused write for a Twilio failure', async () => {
      const { sender, twilio, messages, ticket } = await setUp();
      twilio.send.mockRejectedValueOnce(new SendFencedError());
      await expect(sender.deliver(message(), ticket, true)).resolves.toMatchObject({ status: 'done' });
      expect(messages.markUnsent).not.toHaveBeenCalled();
      expect(messages.releaseForRetry).not.toHaveBeenCalled();
    });
  });
});
