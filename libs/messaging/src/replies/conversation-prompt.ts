import type { ChatTurn } from '@app/ai';
import { type MessageWithMedia, textWithMediaNote } from './media-note';

export interface HistoryMessage extends MessageWithMedia {
  direction: 'inbound' | 'outbound';
}

/**
 * The Chat Completions messages for a reply: the system prompt, then as much of
 * the conversation as fits the character budget (newest kept, sent oldest first),
 * then the new message. `newestFirst` is the history without the new message. A message's
 * media are a note after its text (`[image attached]`), so a photo alone is still a turn.
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
    const content = textWithMediaNote(message);
    if (!content) continue;
    if (used + content.length > charBudget) break;
    used += content.length;
    kept.push({ role: message.direction === 'inbound' ? 'user' : 'assistant', content });
  }
  const turns: ChatTurn[] = [];
  if (systemPrompt) turns.push({ role: 'system', content: systemPrompt });
  return [...turns, ...kept.reverse(), { role: 'user', content: incoming }];
}
