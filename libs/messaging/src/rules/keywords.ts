/** Twilio's standard opt-out, opt-in and help keywords. */
export type Keyword = 'stop' | 'start' | 'help';

const KEYWORDS: Record<string, Keyword> = {
  STOP: 'stop',
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  CANCEL: 'stop',
  END: 'stop',
  QUIT: 'stop',
  // Added to Twilio's default list in 2025 (FCC rules on revoking consent).
  REVOKE: 'stop',
  OPTOUT: 'stop',
  START: 'start',
  YES: 'start',
  UNSTOP: 'start',
  HELP: 'help',
  INFO: 'help',
};

/**
 * The keyword a message body is, if it is one: the whole message, ignoring case,
 * surrounding whitespace and trailing punctuation ("Stop." counts, "stop it" does not).
 */
export function parseKeyword(body: string | null | undefined): Keyword | null {
  if (!body) return null;
  const word = body
    .normalize('NFKC')
    .trim()
    .replace(/[.!?\s]+$/u, '')
    .toUpperCase();
  return Object.prototype.hasOwnProperty.call(KEYWORDS, word) ? KEYWORDS[word] : null;
}

/** The opt-out change a keyword makes: true = opt out, false = opt back in. */
export function optOutChange(keyword: Keyword | null): boolean | undefined {
  if (keyword === 'stop') return true;
  if (keyword === 'start') return false;
  return undefined;
}
