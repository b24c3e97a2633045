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
import type { OutboundSender } from '../outbound/outbound-sender';
import type { BusinessDirectory } from '@app/database';
import type { AiReplyService, AiSettings } from './ai-reply.service';
import { ReplyService } from './reply.service';

const RECEIVED = new Date('2026-12-01T10:00:00Z');
const inbound = (body: string, fields: Partial<Message> = {}) =>
  ({
    id: 'in1',
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
  apiKey: null,
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
  } = {},
) {
  const history = [{ id: 'h1', body: 'earlier' } as Message];
  const messages = {
    findById: jest.fn(() => Promise.resolve(message)),
    findReplyTo: jest.fn(() => Promise.resolve(options.existingReply ?? null)),
    history: jest.fn(() => Promise.resolve(history)),
  };
  const sending = { createReply: jest.fn((input: object) => Promise.resolve({ id: 'reply1', ...input })) };
  const contacts = {
    findSenderOf: jest.fn(() =>
      Promise.resolve(options.optedOut === undefined ? null : { optedOut: options.optedOut }),
    ),
  };
  const settings = { getAutoReply: jest.fn(() => Promise.resolve(options.autoReply ?? autoReplyOff)) };
  const aiReplies = {
    current: jest.fn(() => Promise.resolve(options.ai ?? ai())),
    unavailableReason: jest.fn(() => null),
    replyFor: jest.fn(() => Promise.resolve({ text: 'From the model', fellBack: false })),
  };
  const sender = { send: jest.fn(() => Promise.resolve({ status: 'done', detail: 'accepted by Twilio' })) };
  const businesses = {
    byIdOrSlug: jest.fn(() =>
      Promise.resolve({ id: DEFAULT_BUSINESS_ID, slug: 'default', status: options.suspended ? 'suspended' : 'active' }),
    ),
  };
  const service = new ReplyService(
    loadConfig({ BOT_KEYWORDS: 'HOURS=We are open 9-5', MAX_REPLY_LENGTH: '20' }),
    messages as unknown as MessagesRepository,
    sending as unknown as MessageSendingRepository,
    contacts as unknown as ContactsRepository,
    settings as unknown as SettingsRepository,
    aiReplies as unknown as AiReplyService,
    sender as unknown as OutboundSender,
    businesses as unknown as BusinessDirectory,
  );
  return { service, messages, sending, aiReplies, sender, history };
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

  it('asks the model with the conversation history and cuts its answer to MAX_REPLY_LENGTH on a word', async () => {
    const { service, sending, aiReplies, history } = setUp(inbound('What are your hours?'), {
      ai: ai({ enabled: true, enabledSince: new Date(0) }),
    });
    aiReplies.replyFor.mockResolvedValueOnce({ text: 'We are open from nine to five', fellBack: false });
    await service.replyTo('in1', false);
    expect(aiReplies.replyFor).toHaveBeenCalledWith(
      expect.objectContaining({ enabled: true }),
      'What are your hours?',
      history,
    );
    expect(sending.createReply).toHaveBeenCalledWith(
      expect.objectContaining({ body: 'We are open from…', source: 'ai' }),
    );
  });

  it('gives an opted-out sender nothing but keyword answers', async () => {
    const silent = setUp(inbound('hello'), { optedOut: true, ai: ai({ enabled: true, enabledSince: new Date(0) }) });
    await expect(silent.service.replyTo('in1', false)).resolves.toMatchObject({ status: 'skipped' });
    expect(silent.sending.createReply).not.toHaveBeenCalled();
    expect(silent.aiReplies.replyFor).not.toHaveBeenCalled();

    const start = setUp(inbound('START'), { optedOut: true });
    await start.service.replyTo('in1', false);
    expect(start.sending.createReply).toHaveBeenCalledWith(expect.objectContaining({ source: 'keyword' }));
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

  it('skips a message that is gone or is not inbound', async () => {
    for (const message of [null, inbound('hi', { direction: 'outbound' })]) {
      const { service, sender } = setUp(message);
      await expect(service.replyTo('in1', false)).resolves.toMatchObject({ status: 'skipped' });
      expect(sender.send).not.toHaveBeenCalled();
    }
  });
});
