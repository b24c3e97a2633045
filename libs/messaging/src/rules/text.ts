/**
 * Cuts a reply to the channel's limit on a word boundary, marking the cut with '…'.
 * Counts UTF-16 units like Twilio's 1600-character body limit does.
 */
export function truncateOnWord(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  const room = trimmed.slice(0, Math.max(1, limit - 1));
  // The room already ends on a boundary when the next character is whitespace.
  const endsOnBoundary = /\s/.test(trimmed[room.length] ?? '');
  const lastSpace = room.search(/\s\S*$/);
  const cut = endsOnBoundary || lastSpace <= limit / 2 ? room : room.slice(0, lastSpace);
  return `${cut.trimEnd()}…`;
}
