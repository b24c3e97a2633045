import type { CallTurn } from '@app/database';
import { truncateOnWord } from '../rules/text';

/** A call that ended having booked or raised an emergency: what the owner's text is made of. */
export interface CallToSummarize {
  from: string;
  durationSeconds: number | null;
  outcome: 'booked' | 'emergency';
  turns: CallTurn[];
}

/** Three SMS segments at most: the owner reads it on a phone, and the transcript is in the API. */
export const CALL_SUMMARY_LIMIT = 459;
const CALLER_WORDS_LIMIT = 200;

/**
 * The owner's text after a call: who called, for how long, what came of it, the caller's own
 * words, and the last thing the assistant told them (the booking's time, or the safety line).
 * "EMERGENCY call for Acme Plumbing from +15557654321 (1 min 5 s). They said: "…". We said: "…""
 */
export function callSummaryText(business: string, call: CallToSummarize): string {
  const what = call.outcome === 'emergency' ? 'EMERGENCY call' : 'Booked by phone: call';
  const length = call.durationSeconds == null ? '' : ` (${spokenDuration(call.durationSeconds)})`;
  const said = call.turns.filter((t) => t.speaker === 'caller').map((t) => t.text.trim());
  // Skipping the greeting: a call with one answer or more ends on one of them.
  const answers = call.turns.slice(1).filter((t) => t.speaker === 'assistant');
  const lastAnswer = answers.at(-1)?.text.trim();
  const parts = [
    `${what} for ${business} from ${call.from}${length}.`,
    said.length ? `They said: "${truncateOnWord(said.join(' / '), CALLER_WORDS_LIMIT)}".` : null,
    lastAnswer ? `We said: "${lastAnswer}"` : null,
  ];
  return truncateOnWord(parts.filter(Boolean).join(' ').replace(/\s+/g, ' '), CALL_SUMMARY_LIMIT);
}

/** "45 s", "2 min", "2 min 5 s". */
export function spokenDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (!minutes) return `${rest} s`;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}
