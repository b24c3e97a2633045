/** How deep a JSON body may nest. Our deepest body (a campaign's quietHours) is 2; 32 leaves room for any client. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a JSON text nests objects or arrays deeper than `max`, found by one scan of
 * the text before it is parsed: a body 10,000 levels deep would otherwise reach code
 * that walks it recursively (validation, signature helpers) and overflow the stack.
 * Brackets inside strings do not count; the scan stops at the first level too deep.
 */
export function nestsDeeperThan(text: string | Uint8Array, max: number): boolean {
  // Bytes of UTF-8 or UTF-16 code units: either way the ASCII punctuation counted here is
  // never part of another character (UTF-8 continuation bytes are all >= 0x80).
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}
