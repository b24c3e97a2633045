import type { ChatTurn } from '@app/ai';

export interface HistoryMessage {
  direction: 'inbound' | 'outbound';
  body: string;
}

/**
 * The Chat Completions messages for a reply: the system prompt, then as much of
 * the conversation as fits the character budget (newest kept, sent oldest first),
 * then the new message. `newestFirst` is the history without the new message.
 */
export function buildConversationPrompt(
  systemPrompt: string,
  newestFirst: HistoryMessage[],
  incoming: string,
  charBudget: number,
): ChatTurn[] {
  const kept: ChatTurn[] = [];
  let used = incoming.length;
  for (const message of newestFirst) {
    if (!message.body) continue;
    if (used + message.body.length > charBudget) break;
    used += message.body.length;
    kept.push({ role: message.direction === 'inbound' ? 'user' : 'assistant', content: message.body });
  }
  const turns: ChatTurn[] = [];
  if (systemPrompt) turns.push({ role: 'system', content: systemPrompt });
  return [...turns, ...kept.reverse(), { role: 'user', content: incoming }];
}
