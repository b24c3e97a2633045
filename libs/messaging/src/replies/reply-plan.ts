import type { Keyword } from '../rules/keywords';

export type ReplySource = 'keyword' | 'ai' | 'auto_reply' | 'bot';

export type ReplyPlan =
  { kind: 'text'; source: ReplySource; text: string } | { kind: 'ai' } | { kind: 'none'; reason: string };

export interface ReplyContext {
  body: string;
  receivedAt: Date;
  keyword: Keyword | null;
  optedOut: boolean;
  ai: { enabled: boolean; enabledSince: Date | null; available: boolean };
  autoReply: { enabled: boolean; enabledSince: Date | null; message: string };
  bot: {
    mode: 'keywords' | 'echo';
    keywords: Record<string, string>;
    defaultReply: string;
    helpText: string;
    stopText: string;
    startText: string;
  };
}

const since = (receivedAt: Date, enabledSince: Date | null) =>
  enabledSince !== null && receivedAt.getTime() >= enabledSince.getTime();

/**
 * Decides the one reply an inbound message gets. Keywords come first and the AI
 * never sees them; an opted-out contact gets nothing else; then AI, auto-reply
 * and the keyword bot, in that order. AI and auto-reply never answer a message
 * received before they were enabled or last reconfigured.
 */
export function planReply(ctx: ReplyContext): ReplyPlan {
  switch (ctx.keyword) {
    case 'stop':
      return { kind: 'text', source: 'keyword', text: ctx.bot.stopText };
    case 'start':
      return { kind: 'text', source: 'keyword', text: ctx.bot.startText };
    case 'help':
      return { kind: 'text', source: 'keyword', text: ctx.bot.helpText };
    case null:
      break;
  }
  if (ctx.optedOut) return { kind: 'none', reason: 'contact opted out' };
  if (ctx.ai.enabled && ctx.ai.available) {
    return since(ctx.receivedAt, ctx.ai.enabledSince)
      ? { kind: 'ai' }
      : { kind: 'none', reason: 'received before AI was enabled' };
  }
  if (ctx.autoReply.enabled) {
    return since(ctx.receivedAt, ctx.autoReply.enabledSince) && ctx.autoReply.message
      ? { kind: 'text', source: 'auto_reply', text: ctx.autoReply.message }
      : { kind: 'none', reason: 'received before auto-reply was enabled' };
  }
  if (ctx.bot.mode === 'echo') {
    return { kind: 'text', source: 'bot', text: `Echo: ${ctx.body}` };
  }
  const word = ctx.body.trim().toUpperCase();
  const answer = keywordAnswer(ctx.bot.keywords, word) ?? keywordAnswer(ctx.bot.keywords, word.split(/\s+/)[0]);
  return { kind: 'text', source: 'bot', text: answer ?? ctx.bot.defaultReply };
}

/** Own keys only, so a text that names an Object.prototype member never reads one. */
function keywordAnswer(keywords: Record<string, string>, word: string): string | undefined {
  return Object.hasOwn(keywords, word) ? keywords[word] : undefined;
}
