/**
 * What flags a customer's text as an emergency when the business has not listed its own words
 * (businesses.emergencyKeywords empty). Chosen for trades (plumbing, heating, electrical): danger
 * to people or fast damage to a home. Matching is whole words, so inflections are listed
 * ("flood", "flooded", "flooding"). A word that mostly appears in routine requests is listed only
 * in the phrases that make it urgent: "gas" alone would flag "quote for a gas water heater", so
 * the list has "gas leak", "smell gas"…; "heat" only as "no heat". "No hot water" is left out on
 * purpose: unpleasant, not dangerous, and an owner woken at 3 am for it stops trusting the alert.
 */
export const DEFAULT_EMERGENCY_KEYWORDS: readonly string[] = [
  'emergency',
  'flood',
  'floods',
  'flooded',
  'flooding',
  'burst',
  'burst pipe',
  'burst pipes',
  'pipe burst',
  'leak',
  'leaks',
  'leaking',
  'gas leak',
  'gas smell',
  'smell gas',
  'smells like gas',
  'smell of gas',
  'sewage',
  'sewer backup',
  'no heat',
  'no heating',
  'fire',
  'smoke',
  'smoking',
  'carbon monoxide',
  'co alarm',
  'sparks',
  'sparking',
  'electrical fire',
  'burning smell',
];

/** Sent to a customer whose text is an emergency when the business has not set its own line. */
export const DEFAULT_SAFETY_LINE = 'If anyone is in danger, call 911 now.';

/**
 * A text as words for matching: NFKC (full-width and compatibility forms become plain letters),
 * lower case, and every run of anything but letters, digits and combining marks one space. So
 * "BURST PIPE!!", "burst-pipe" and "burst   pipe" all read "burst pipe".
 */
export function emergencyWords(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

/**
 * The keyword of `keywords` that `body` contains as whole words, or null. Whole words: "gas"
 * is not found in "gasket", nor "fire" in "fireplace"; a phrase matches its words in order with
 * any punctuation or spacing between them. When several match, the longest (the most specific:
 * "burst pipe" over "burst") is returned, then the first listed. Keywords are normalised the same
 * way as the text, so a business's "Burst-Pipe" matches "burst pipe"; one with no letter or
 * digit left matches nothing.
 */
export function matchEmergency(body: string | null | undefined, keywords: readonly string[]): string | null {
  if (!body) return null;
  // Padded with spaces: a keyword is found only between word boundaries.
  const text = ` ${emergencyWords(body)} `;
  let best: string | null = null;
  let bestLength = 0;
  for (const keyword of keywords) {
    const words = emergencyWords(keyword);
    if (!words || words.length <= bestLength) continue;
    if (text.includes(` ${words} `)) {
      best = keyword;
      bestLength = words.length;
    }
  }
  return best;
}
