/**
 * Cuts a reply to the channel's limit on a word boundary, marking the cut with '…'.
 * Counts UTF-16 units like Twilio's 1600-character body limit does.
 */
export function truncateOnWord(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  const cut = wordCut(trimmed, Math.max(1, limit - 1));
  return `${trimmed.slice(0, cut).trimEnd()}…`;
}

/**
 * Splits a reply over the limit into numbered parts "(1/3) …", each within the limit with its
 * number, cut on word boundaries like truncateOnWord. A text that would need more than
 * maxParts fills maxParts and its last part is cut with '…'.
 */
export function splitOnWords(text: string, limit: number, maxParts: number): [string, ...string[]] {
  const trimmed = text.trim();
  // Too small a limit for a number and some words: cut instead.
  if (trimmed.length <= limit || maxParts < 2 || limit < 3 * partMarker(maxParts, maxParts).length)
    return [truncateOnWord(trimmed, limit)];
  // The fewest parts that carry it all (a number one digit longer leaves less room per part).
  for (let parts = 2; parts <= maxParts; parts++) {
    const { chunks, rest } = chunkOnWords(trimmed, limit - partMarker(parts, parts).length, parts);
    if (!rest) return numbered(chunks);
  }
  const room = limit - partMarker(maxParts, maxParts).length;
  const { chunks, rest } = chunkOnWords(trimmed, room, maxParts - 1);
  return numbered([...chunks, truncateOnWord(rest, room)]);
}

function numbered(chunks: string[]): [string, ...string[]] {
  const parts = chunks.map((chunk, i) => `${partMarker(i + 1, chunks.length)}${chunk}`);
  return parts as [string, ...string[]];
}

function partMarker(part: number, of: number): string {
  return `(${part}/${of}) `;
}

/** Up to `max` chunks of at most `room` units each, cut on words; `rest` is what did not fit. */
function chunkOnWords(text: string, room: number, max: number): { chunks: string[]; rest: string } {
  const chunks: string[] = [];
  let rest = text;
  while (rest && chunks.length < max) {
    if (rest.length <= room) {
      chunks.push(rest);
      rest = '';
      break;
    }
    const cut = wordCut(rest, room);
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return { chunks, rest };
}

/**
 * Where to cut `text` so its head fits `room`: at the last whitespace, unless that would leave
 * the head under half the room (one very long word), then inside the word — never between
 * the two halves of a surrogate pair (an emoji).
 */
function wordCut(text: string, room: number): number {
  // The head already ends on a boundary when the next character is whitespace.
  if (/\s/.test(text[room] ?? '')) return room;
  const lastSpace = text.slice(0, room).search(/\s\S*$/);
  if (lastSpace > room / 2) return lastSpace;
  const splitsPair = /[\uD800-\uDBFF]/.test(text[room - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[room] ?? '');
  return splitsPair && room > 1 ? room - 1 : room;
}
