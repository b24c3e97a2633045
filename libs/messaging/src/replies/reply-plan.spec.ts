import { planReply, ReplyContext } from './reply-plan';

const T0 = new Date('2026-01-01T10:00:00Z');
const before = new Date(T0.getTime() - 1000);
const after = new Date(T0.getTime() + 1000);

function ctx(overrides: Partial<ReplyContext> = {}): ReplyContext {
  return {
    body: 'hello',
    receivedAt: after,
    keyword: null,
    optedOut: false,
    ai: { enabled: false, enabledSince: null, available: true },
    autoReply: { enabled: false, enabledSince: null, message: '' },
    bot: {
      mode: 'keywords',
      keywords: { HOURS: 'Open 9-5' },
      defaultReply: 'default',
      helpText: 'help',
      stopText: 'bye',
      startText: 'welcome back',
    },
    ...overrides,
  };
}

const aiOn = { enabled: true, enabledSince: T0, available: true };
const autoOn = { enabled: true, enabledSince: T0, message: 'auto' };

describe('planReply', () => {
  it('answers keywords first, before AI and auto-reply', () => {
    expect(planReply(ctx({ keyword: 'stop', ai: aiOn, autoReply: autoOn }))).toEqual({
      kind: 'text',
      source: 'keyword',
      text: 'bye',
    });
    expect(planReply(ctx({ keyword: 'start', ai: aiOn }))).toEqual({
      kind: 'text',
      source: 'keyword',
      text: 'welcome back',
    });
    expect(planReply(ctx({ keyword: 'help', ai: aiOn }))).toEqual({ kind: 'text', source: 'keyword', text: 'help' });
  });

  it('answers HELP even for an opted-out contact, and nothing else', () => {
    expect(planReply(ctx({ keyword: 'help', optedOut: true })).kind).toBe('text');
    expect(planReply(ctx({ optedOut: true, ai: aiOn })).kind).toBe('none');
  });

  it('prefers AI, then auto-reply, then the bot', () => {
    expect(planReply(ctx({ ai: aiOn, autoReply: autoOn }))).toEqual({ kind: 'ai' });
    expect(planReply(ctx({ autoReply: autoOn }))).toEqual({ kind: 'text', source: 'auto_reply', text: 'auto' });
    expect(planReply(ctx())).toEqual({ kind: 'text', source: 'bot', text: 'default' });
  });

  it('skips AI when it is enabled but cannot run (no key, no server)', () => {
    expect(planReply(ctx({ ai: { ...aiOn, available: false }, autoReply: autoOn }))).toMatchObject({
      source: 'auto_reply',
    });
  });

  it('never lets AI or auto-reply answer a message received before they were enabled', () => {
    expect(planReply(ctx({ receivedAt: before, ai: aiOn }))).toEqual({
      kind: 'none',
      reason: 'received before AI was enabled',
    });
    expect(planReply(ctx({ receivedAt: before, autoReply: autoOn }))).toEqual({
      kind: 'none',
      reason: 'received before auto-reply was enabled',
    });
    expect(planReply(ctx({ receivedAt: T0, ai: aiOn }))).toEqual({ kind: 'ai' });
  });

  it('answers configured bot keywords and echoes in echo mode', () => {
    expect(planReply(ctx({ body: ' hours ' }))).toMatchObject({ text: 'Open 9-5' });
    expect(planReply(ctx({ body: 'hours please' }))).toMatchObject({ text: 'Open 9-5' });
    expect(planReply(ctx({ bot: { ...ctx().bot, mode: 'echo' } }))).toEqual({
      kind: 'text',
      source: 'bot',
      text: 'Echo: hello',
    });
  });

  it('never answers with a member of Object.prototype', () => {
    // Keyword tables may hold lowercase keys (JSON from the settings API); a text naming a prototype member gets the default.
    const bot = { ...ctx().bot, keywords: { hours: 'Open 9-5' } };
    for (const body of ['__proto__', 'constructor', 'toString', 'hasOwnProperty x']) {
      expect(planReply(ctx({ body, bot }))).toEqual({ kind: 'text', source: 'bot', text: 'default' });
    }
  });
});
