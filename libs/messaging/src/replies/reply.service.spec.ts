import { DEFAULT_BUSINESS_ID } from '@app/common';
import { loadConfig } from '@app/config';
import type {
  AutoReplyConfig,
  ContactsRepository,
  Message,
  MessageSendingRepository,
  MessagesRepository,
  SettingsRepository,
} from '@app/database';
import { TransientSendError, type OutboundSender } from '../outbound/outbound-sender';
import type { BusinessRoutes } from '@app/database';
import type { AiReplyService, AiSettings } from './ai-reply.service';
import type { BookingConversation } from '../appointments/booking-conversation';
import type { BookingTools } from '../appointments/booking-tools';
import type { BusinessDefaults } from '../businesses/business-defaults';
import type { EmergencyService } from '../emergencies/emergency.service';
import type { MessageEvents } from '../live/message-events';
import { ReplyService } from './reply.service';

const RECEIVED = new Date('2026-12-01T10:00:00Z');
const inbound = (body: string, fields: Partial<Message> = {}) =>
  ({
    id: 'in1',
    businessId: DEFAULT_BUSINESS_ID,
    direction: 'inbound',
    channel: 'whatsapp',
    from: '+15557654321',
    to: '+15550001111',
    body,
    createdAt: RECEIVED,
    ...fields,
  }) as Message;
const ai = (fields: Partial<AiSettings> = {}): AiSettings => ({
  enabled: false,
  backend: 'openai',
  apiKey: null,
  baseUrl: null,
  botId: null,
  systemPrompt: 'Be brief.',
  model: 'gpt-4o-mini',
  temperature: 0.7,
  targetNumber: null,
  source: 'env',
  enabledSince: null,
  apiKeyUnreadable: false,
  ...fields,
});
const autoReplyOff: AutoReplyConfig = {
  businessId: DEFAULT_BUSINESS_ID,
  enabled: false,
  message: '',
  enabledSince: null,
  updatedAt: RECEIVED,
};

function setUp(
  message: Message | null,
  options: {
    existingReply?: Message;
    ai?: AiSettings;
    autoReply?: AutoReplyConfig;
    optedOut?: boolean;
    suspended?: boolean;
    /** What the emergency hook answers (null: the text is no emergency). */
    emergency?: string;
    bookingEnabled?: boolean;
    longReplies?: 'cut' | 'split';
  } = {},
) {
  const history = [{ id: 'h1', body: 'earlier' } as Message];
  const messages = {
    findById: jest.fn(() => Promise.resolve(message)),
    findReplyTo: jest.fn(() => Promise.resolve(options.existingReply ? [options.existingReply] : [])),
    history: jest.fn(() => Promise.resolve(history)),
    noteAnswerFailure: jest.fn(() => Promise.resolve()),
  };
  const sending = {
    createReply: jest.fn((input: object, bodies: string[]) =>
      Promise.resolve(bodies.map((body, i) => ({ id: `reply${i + 1}`, ...input, body, replyPart: i + 1 }))),
    ),
    abandonReplyParts: jest.fn(() => Promise.resolve()),
  };
  const contacts = {
    findSenderOf: jest.fn(() =>
      Promise.resolve(options.optedOut === undefined ? null : { optedOut: options.optedOut }),
    ),
  };
  const settings = { getAutoReply: jest.fn(() => Promise.resolve(options.autoReply ?? autoReplyOff)) };
  const aiReplies = {
    current: jest.fn(() => Promise.resolve(options.ai ?? ai())),
    unavailableReason: jest.fn(() => null),
    replyFor: jest.fn(() =>
      Promise.resolve<{ text: string; fellBack: boolean; failure: string | null }>({
        text: 'From the model',
        fellBack: false,
        failure: null,
      }),
    ),
  };
  const sender = { send: jest.fn(() => Promise.resolve({ status: 'done', detail: 'accepted by Twilio' })) };
  const routes = {
    byId: jest.fn(() =>
      Promise.resolve({
        id: DEFAULT_BUSINESS_ID,
        slug: 'default',
        status: options.suspended ? 'suspended' : 'active',
        bookingEnabled: options.bookingEnabled ?? false,
        longReplies: options.longReplies ?? 'cut',
      }),
    ),
  };
  const emergencies = { answer: jest.fn(() => Promise.resolve(options.emergency ?? null)) };
  const service = new ReplyService(
    loadConfig({ BOT_KEYWORDS: 'HOURS=We are open 9-5', MAX_REPLY_LENGTH: '20' }),
    messages as unknown as MessagesRepository,
    sending as unknown as MessageSendingRepository,
    contacts as unknown as ContactsRepository,
    settings as unknown as SettingsRepository,
    aiReplies as unknown as AiReplyService,
    sender as unknown as OutboundSender,
    routes as unknown as BusinessRoutes,
    // A business that does not book by text: the flow never answers, no tools are offered.
    { answer: jest.fn(() => Promise.resolve(null)) } as unknown as BookingConversation,
    {} as BookingTools,
    {} as BusinessDefaults,
    emergencies as unknown as EmergencyService,
    { stored: jest.fn(), moved: jest.fn() } as unknown as MessageEvents,
  );
  return { service, messages, sending, aiReplies, sender, history, emergencies };
}

describe('ReplyService', () => {
  it("keeps a suspended business's message unanswered: no reply written, nothing sent", async () => {
    const { service, sending, sender } = setUp(inbound('hello'), { suspended: true });
    expect(await service.replyTo('in1', true)).toMatchObject({ status: 'skipped', detail: 'business suspended' });
    expect(sending.createReply).not.toHaveBeenCalled();
    expect(sender.send).not.toHaveBeenCalled();
  });

  it('answers from the number that was texted, on its channel, and sends the reply', async () => {
    const { service, sending, sender } = setUp(inbound('hours'));
    await expect(service.replyTo('in1', false)).resolves.toMatchObject({ status: 'done' });
    expect(sending.createReply).toHaveBeenCalledWith(
      expect.objectContaining({
        channel: 'whatsapp',
        from: '+15550001111',
        to: '+15557654321',
        body: 'We are open 9-5',
        source: 'bot',
        replyToId: 'in1',
      }),
      expect.any(Array),
    );
    expect(sender.send).toHaveBeenCalledWith('reply1', false);
  });

  it('only re-sends a reply a first attempt (or another worker) already wrote', async () => {
    const { service, sending, sender, aiReplies } = setUp(inbound('hi'), {
      existingReply: { id: 'written' } as Message,
      ai: ai({ enabled: true, enabledSince: new Date(0) }),
    });
    await service.replyTo('in1', true);
    expect(sending.createReply).not.toHaveBeenCalled();
    expect(aiReplies.replyFor).not.toHaveBeenCalled();
    expect(sender.send).toHaveBeenCalledWith('written', true);
  });

  it('asks the model with the conversation history and cuts its SMS answer to MAX_REPLY_LENGTH on a word', async () => {
    const { service, sending, aiReplies, history } = setUp(inbound('What are your hours?', { channel: 'sms' }), {
      ai: ai({ enabled: true, enabledSince: new Date(0) }),
    });
    aiReplies.replyFor.mockResolvedValueOnce({ text: 'We are open from nine to five', fellBack: false, failure: null });
    await service.replyTo('in1', false);
    expect(aiReplies.replyFor).toHaveBeenCalledWith(
      expect.objectContaining({ enabled: true }),
      'What are your hours?',
      history,
      { businessId: DEFAULT_BUSINESS_ID, participant: '+15557654321', slug: 'default' },
    );
    expect(sending.createReply).toHaveBeenCalledWith(
      expect.objectContaining({ body: 'We are open from…', source: 'ai' }),
      expect.any(Array),
    );
  });

  it('offers AskYourDatabase no booking tools; its fallback points to BOOK and the inbound message records why', async () => {
    const { service, sending, aiReplies, messages } = setUp(inbound('When can you come?'), {
      ai: ai({ enabled: true, enabledSince: new Date(0), backend: 'askyourdatabase' }),
      bookingEnabled: true,
    });
    const failure = 'AI (askyourdatabase) failed: timeout: AskYourDatabase did not finish its answer in time';
    aiReplies.replyFor.mockResolvedValueOnce({ text: 'Sorry.', fellBack: true, failure });
    await service.replyTo('in1', false);
    // Four arguments: no tools (BookingTools is an empty stub here: touching it would throw).
    expect(aiReplies.replyFor.mock.calls[0]).toHaveLength(4);
    expect(messages.noteAnswerFailure).toHaveBeenCalledWith('in1', failure);
    expect(sending.createReply).toHaveBeenCalledWith(
      expect.objectContaining({ body: 'Sorry. To book an appointment, reply BOOK.', source: 'ai' }),
      expect.any(Array),
    );
  });

  it('gives an opted-out sender nothing but keyword answers', async () => {
    const silent = setUp(inbound('hello'), { optedOut: true, ai: ai({ enabled: true, enabledSince: new Date(0) }) });
    await expect(silent.service.replyTo('in1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(silent.sending.createReply).not.toHaveBeenCalled();
    expect(silent.aiReplies.replyFor).not.toHaveBeenCalled();

    const start = setUp(inbound('START'), { optedOut: true });
    await start.service.replyTo('in1', false);
    expect(start.sending.createReply).toHaveBeenCalledWith(
      expect.objectContaining({ source: 'keyword' }),
      expect.any(Array),
    );
  });

  it('answers a caller who opted out of texts: the opt-out is of texts, not of the assistant on the phone', async () => {
    const caller = setUp(inbound('hello', { channel: 'voice' }), {
      optedOut: true,
      ai: ai({ enabled: true, enabledSince: new Date(0) }),
    });
    await expect(caller.service.replyTo('in1', false)).resolves.toMatchObject({ status: 'done' });
    expect(caller.aiReplies.replyFor).toHaveBeenCalled();
  });

  it('does not answer with AI or auto-reply a message received before it was enabled', async () => {
    const enabledLater = new Date(RECEIVED.getTime() + 1);
    const beforeAi = setUp(inbound('hello'), { ai: ai({ enabled: true, enabledSince: enabledLater }) });
    await expect(beforeAi.service.replyTo('in1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(beforeAi.aiReplies.replyFor).not.toHaveBeenCalled();

    const beforeAutoReply = setUp(inbound('hello'), {
      autoReply: { ...autoReplyOff, enabled: true, message: 'Back soon', enabledSince: enabledLater },
    });
    await expect(beforeAutoReply.service.replyTo('in1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(beforeAutoReply.sending.createReply).not.toHaveBeenCalled();
  });

  it('answers an emergency with its fixed text before AI, also to an opted-out sender (the send path suppresses it)', async () => {
    const text = 'If anyone is in danger, call 911 now. We have alerted Acme.';
    for (const optedOut of [false, true]) {
      const { service, sending, aiReplies, emergencies } = setUp(inbound('burst pipe!'), {
        emergency: text,
        optedOut,
        ai: ai({ enabled: true, enabledSince: new Date(0) }),
      });
      await service.replyTo('in1', false);
      expect(emergencies.answer).toHaveBeenCalledWith(
        expect.objectContaining({ body: 'burst pipe!', from: '+15557654321', inboundMessageId: 'in1' }),
      );
      expect(aiReplies.replyFor).not.toHaveBeenCalled();
      expect(sending.createReply).toHaveBeenCalledWith(expect.objectContaining({ source: 'bot' }), expect.any(Array));
    }
  });

  it('never asks whether an opt-out, opt-in or help keyword is an emergency', async () => {
    for (const body of ['STOP', 'cancel', 'HELP', 'start']) {
      const { service, sending, emergencies } = setUp(inbound(body), { emergency: 'never this' });
      await service.replyTo('in1', false);
      expect(emergencies.answer).not.toHaveBeenCalled();
      expect(sending.createReply).toHaveBeenCalledWith(
        expect.objectContaining({ source: 'keyword' }),
        expect.any(Array),
      );
    }
  });

  it('skips a message that is gone or is not inbound', async () => {
    for (const message of [null, inbound('hi', { direction: 'outbound' })]) {
      const { service, sender } = setUp(message);
      await expect(service.replyTo('in1', false)).resolves.toMatchObject({ status: 'skipped' });
      expect(sender.send).not.toHaveBeenCalled();
    }
  });

  describe('a long answer of a business that splits them', () => {
    const LONG = 'word '.repeat(400); // 2,000 characters: two WhatsApp messages
    const split = () => {
      const setup = setUp(inbound('Tell me everything', { channel: 'whatsapp' }), {
        ai: ai({ enabled: true, enabledSince: new Date(0) }),
        longReplies: 'split',
      });
      setup.aiReplies.replyFor.mockResolvedValueOnce({ text: LONG, fellBack: false, failure: null });
      return setup;
    };
    /** Part 1 as the database has it when part 2 is about to go. */
    const partOneIs = (messages: ReturnType<typeof setUp>['messages'], fields: Partial<Message>) =>
      messages.findById.mockImplementation(((id: string) =>
        Promise.resolve(
          id === 'in1' ? inbound('Tell me everything') : ({ id, replyPart: 1, ...fields } as Message),
        )) as never);

    it('writes numbered parts within 1,600 characters and sends part 2 only after Twilio took part 1', async () => {
      const { service, sending, sender, messages } = split();
      partOneIs(messages, { sid: 'SM1', status: 'queued' });
      await expect(service.replyTo('in1', false)).resolves.toMatchObject({ status: 'done' });
      const [, bodies] = sending.createReply.mock.calls[0];
      expect(bodies).toHaveLength(2);
      expect(bodies[0]).toMatch(/^\(1\/2\) word/);
      expect(bodies[1]).toMatch(/^\(2\/2\) word/);
      for (const body of bodies) expect(body.length).toBeLessThanOrEqual(1_600);
      expect(sender.send.mock.calls.map((call: unknown[]) => call[0])).toEqual(['reply1', 'reply2']);
      expect(messages.findById).toHaveBeenLastCalledWith('reply1');
    });

    it('holds part 2 back (the job retries) while part 1 is still on its way to Twilio', async () => {
      const { service, sender, messages, sending } = split();
      partOneIs(messages, { sid: null, status: 'submitting' });
      await expect(service.replyTo('in1', false)).rejects.toBeInstanceOf(TransientSendError);
      expect(sender.send.mock.calls.map((call: unknown[]) => call[0])).toEqual(['reply1']);
      expect(sending.abandonReplyParts).not.toHaveBeenCalled();
    });

    it('settles the rest with part 1 when Twilio refused it, instead of leaving them pending', async () => {
      const { service, sender, messages, sending } = split();
      partOneIs(messages, { sid: null, status: 'failed' });
      await expect(service.replyTo('in1', false)).resolves.toMatchObject({ status: 'done' });
      expect(sender.send).toHaveBeenCalledTimes(1);
      expect(sending.abandonReplyParts).toHaveBeenCalledWith(
        ['reply2'],
        'failed',
        'not sent: part 1 of this reply was not sent',
      );
    });

    it('cuts it instead for a business that cuts (the default)', async () => {
      const { service, sending, aiReplies } = setUp(inbound('Tell me everything'), {
        ai: ai({ enabled: true, enabledSince: new Date(0) }),
      });
      aiReplies.replyFor.mockResolvedValueOnce({ text: LONG, fellBack: false, failure: null });
      await service.replyTo('in1', false);
      const [, bodies] = sending.createReply.mock.calls[0];
      expect(bodies).toEqual([expect.stringMatching(/^word .*…$/)]);
      expect(bodies[0].length).toBeLessThanOrEqual(1_600);
    });
  });
});
