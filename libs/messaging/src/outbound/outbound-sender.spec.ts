import { DEFAULT_BUSINESS_ID } from '@app/common';
import { loadConfig } from '@app/config';
import type { ContactsRepository, Message, MessageSendingRepository } from '@app/database';
import type { SharedCounters } from '@app/queue';
import type { TwilioGateway } from '@app/twilio';
import { OutboundSender, TransientSendError } from './outbound-sender';

const message = (fields: Partial<Message> = {}): Message => ({
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
  numMedia: 0,
  mediaUrls: [],
  mediaContentTypes: [],
  profileName: null,
  accountSid: null,
  messagingServiceSid: null,
  source: 'api',
  replyToId: null,
  attempts: 1,
  scheduledAt: null,
  reminderId: null,
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

function setUp(claim: (Message & { recipientOptedOut: boolean }) | null = { ...message(), recipientOptedOut: false }) {
  const messages = {
    claimForSending: jest.fn(() => Promise.resolve(claim)),
    markUnsent: jest.fn(() => Promise.resolve()),
    markAccepted: jest.fn(() => Promise.resolve()),
    releaseForRetry: jest.fn(() => Promise.resolve(true)),
  };
  const contacts = { setOptedOut: jest.fn(() => Promise.resolve()) };
  const twilio = { send: jest.fn(() => Promise.resolve({ sid: 'SM1', status: 'queued' })) };
  const counters = { add: jest.fn() };
  const sender = new OutboundSender(
    loadConfig({ PUBLIC_BASE_URL: 'https://sms.example.com' }),
    messages as unknown as MessageSendingRepository,
    contacts as unknown as ContactsRepository,
    twilio as unknown as TwilioGateway,
    counters as unknown as SharedCounters,
  );
  return { sender, messages, contacts, twilio, counters };
}

describe('OutboundSender', () => {
  it('sends a claimed message with a status callback and records Twilio’s acceptance', async () => {
    const { sender, messages, twilio } = setUp();
    await expect(sender.send('m1', false)).resolves.toEqual({ status: 'done', detail: 'accepted by Twilio' });
    expect(twilio.send).toHaveBeenCalledWith(
      expect.objectContaining({ to: '+15557654321', statusCallback: 'https://sms.example.com/twilio/status' }),
    );
    expect(messages.markAccepted).toHaveBeenCalledWith('m1', { sid: 'SM1', status: 'queued' });
  });

  it('does nothing when another worker holds the claim (lost claim)', async () => {
    const { sender, twilio } = setUp(null);
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(twilio.send).not.toHaveBeenCalled();
  });

  it('suppresses a text to an opted-out recipient without calling Twilio, but sends a keyword answer', async () => {
    const optedOut = setUp({ ...message(), recipientOptedOut: true });
    await expect(optedOut.sender.send('m1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(optedOut.twilio.send).not.toHaveBeenCalled();
    expect(optedOut.messages.markUnsent).toHaveBeenCalledWith('m1', 'suppressed', null, 'recipient opted out');

    const confirmation = setUp({ ...message({ source: 'keyword' }), recipientOptedOut: true });
    await expect(confirmation.sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(confirmation.twilio.send).toHaveBeenCalled();
  });

  it('on 21610 marks the contact opted out and the message failed, without a retry', async () => {
    const { sender, twilio, contacts, messages } = setUp();
    twilio.send.mockRejectedValueOnce(twilioRefusal(400, 21610));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(contacts.setOptedOut).toHaveBeenCalledWith(DEFAULT_BUSINESS_ID, '+15557654321', true, 'twilio_21610');
    expect(messages.markUnsent).toHaveBeenCalledWith('m1', 'failed', 21610, 'Twilio 21610');
    expect(messages.releaseForRetry).not.toHaveBeenCalled();
  });

  it('fails an invalid number (21211) at once', async () => {
    const { sender, twilio, messages } = setUp();
    twilio.send.mockRejectedValueOnce(twilioRefusal(400, 21211));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(messages.markUnsent).toHaveBeenCalledWith('m1', 'failed', 21211, 'Twilio 21211');
    expect(messages.releaseForRetry).not.toHaveBeenCalled();
  });

  it('keeps the claim when the call ended without an answer: the reconciler asks Twilio before any resend', async () => {
    const { sender, twilio, messages } = setUp();
    twilio.send.mockRejectedValueOnce(noAnswer('UND_ERR_HEADERS_TIMEOUT'));
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'done' });
    expect(messages.releaseForRetry).not.toHaveBeenCalled();
    expect(messages.markUnsent).not.toHaveBeenCalled();
  });

  it('releases and throws on a 429 (the queue retries with backoff), slowing the sender down first', async () => {
    const { sender, twilio, messages } = setUp();
    const onRateLimited = jest.fn(() => Promise.resolve());
    twilio.send.mockRejectedValueOnce(twilioRefusal(429, 20429));
    await expect(sender.deliver(message(), false, onRateLimited)).rejects.toThrow(TransientSendError);
    expect(onRateLimited).toHaveBeenCalled();
    expect(messages.releaseForRetry).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'm1', attempts: 1 }),
      20429,
      'Twilio 20429',
    );
  });

  it('retries a connection refused before the request left (Twilio cannot have it)', async () => {
    const { sender, twilio, messages } = setUp();
    twilio.send.mockRejectedValueOnce(noAnswer('ECONNREFUSED'));
    await expect(sender.send('m1', false)).rejects.toThrow(TransientSendError);
    expect(messages.releaseForRetry).toHaveBeenCalled();
  });

  it('does not retry when the release lost its compare-and-set (the reconciler settled it meanwhile)', async () => {
    const { sender, twilio, messages } = setUp();
    twilio.send.mockRejectedValueOnce(twilioRefusal(503, 20500));
    messages.releaseForRetry.mockResolvedValueOnce(false);
    await expect(sender.send('m1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(messages.markUnsent).not.toHaveBeenCalled();
  });

  it('fails a retryable error on the last attempt instead of retrying forever', async () => {
    const { sender, twilio, messages } = setUp();
    twilio.send.mockRejectedValueOnce(twilioRefusal(503, 20500));
    await expect(sender.send('m1', true)).resolves.toMatchObject({ status: 'done' });
    expect(messages.releaseForRetry).not.toHaveBeenCalled();
    expect(messages.markUnsent).toHaveBeenCalledWith('m1', 'failed', 20500, 'Twilio 20500');
  });
});
