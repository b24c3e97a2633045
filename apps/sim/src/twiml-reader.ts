import { XMLParser } from 'fast-xml-parser';

/** What a caller hears from one TwiML answer, and where the call goes next. */
export interface CallStep {
  /** The <Say> lines, in order (inside a <Gather> or not). */
  says: string[];
  /** A <Gather> listens: the caller's next words go to this path. */
  listensAt: string | null;
  /** No <Gather>: Twilio follows this <Redirect> at once (the app is still thinking). */
  redirect: string | null;
  /** <Hangup/> or <Reject/>: the call is over. */
  ended: 'hangup' | 'reject' | null;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: 'text' });

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
/** A verb's text: the parser gives a plain value, or an object with `text` when the verb has attributes. */
const textOf = (node: unknown): string => {
  const text = typeof node === 'object' && node !== null ? (node as { text?: unknown }).text : node;
  return typeof text === 'string' || typeof text === 'number' ? String(text) : '';
};

/**
 * Reads a TwiML <Response> as Twilio would play it to a caller. A <Redirect> after a <Gather> is
 * only Twilio's way on when the caller says nothing, so with a <Gather> the call waits for words.
 */
export function readCallStep(xml: string): CallStep {
  const response = (parser.parse(xml) as { Response?: Record<string, unknown> }).Response;
  if (response === undefined) throw new Error(`not TwiML: ${xml.slice(0, 200)}`);
  if (typeof response !== 'object') return { says: [], listensAt: null, redirect: null, ended: null };
  const gather = list(response.Gather as Record<string, unknown> | undefined)[0] as Record<string, unknown> | undefined;
  const says = [...list(response.Say), ...list(gather?.Say)].map(textOf);
  const redirect = list(response.Redirect)[0];
  const ended = 'Reject' in response ? 'reject' : 'Hangup' in response ? 'hangup' : null;
  return {
    says,
    listensAt: gather ? String(gather.action) : null,
    redirect: !gather && !ended && redirect !== undefined ? textOf(redirect) : null,
    ended,
  };
}
