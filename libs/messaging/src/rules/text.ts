/**
 * Cuts a reply to the channel's limit on a word boundary, marking the cut with '…'.
 * Counts UTF-16 units like Twilio's 1600-character body limit does.
 */
export function truncateOnWord(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  const room = trimmed.slice(0, Math.max(1, limit - 1));
  const lastSpace = room.search(/\s\S*$/);
  const cut = lastSpace > limit / 2 ? room.slice(0, lastSpace) : room;
  return `${cut.trimEnd()}…`;
}
