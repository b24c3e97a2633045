import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface WidgetChatOptions {
  /** Where the API listens. */
  url: string;
  /** The business's widget token (`sbw_…`). */
  token: string;
  visitorId?: string;
  /** The visitor proves this number first: asks for a code, reads it with `watchTexts`, types it back. */
  phone?: string;
  /** Starts watching what the app texts the number (the sandbox holds it); the result waits for the next text (null: none came). */
  watchTexts?: (phone: string) => Promise<() => Promise<string | null>>;
  /** How long to wait for an answer that did not come with the message (202), in ms. */
  waitMs: number;
}

interface Answer {
  id: string;
  text: string;
  createdAt: string;
}

/**
 * Plays a web chat visitor against a running API: each message as the widget sends it (POST
 * /api/widget/messages with X-Widget-Token), an answer that is not ready picked up by polling
 * like the chat does. Returns the transcript's lines; false in `ok` when a message got no answer.
 */
export async function playWidget(messages: string[], options: WidgetChatOptions, print: (line: string) => void) {
  const visitorId = options.visitorId ?? `sim_${randomBytes(6).toString('hex')}`;
  const headers = { 'content-type': 'application/json', 'x-widget-token': options.token };
  let ok = true;
  print(`(visitor ${visitorId}${options.phone ? `, phone ${options.phone}` : ''})`);
  if (options.phone && !(await provePhone(options, visitorId, headers, print))) return { ok: false };
  for (const text of messages) {
    const sentAt = new Date().toISOString();
    print(`visitor: ${text}`);
    const res = await fetch(`${options.url}/api/widget/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ visitorId, text }),
    });
    if (res.status !== 200 && res.status !== 202) {
      print(`(the app answered HTTP ${res.status}: ${await res.text()})`);
      return { ok: false };
    }
    const exchange = (await res.json()) as { status: string; answers: Answer[] };
    let answers = exchange.answers;
    const deadline = Date.now() + options.waitMs;
    while (exchange.status === 'pending' && !answers.length && Date.now() < deadline) {
      await sleep(500);
      const poll = await fetch(
        `${options.url}/api/widget/messages?visitorId=${visitorId}&after=${encodeURIComponent(sentAt)}`,
        { headers },
      );
      if (poll.ok) answers = ((await poll.json()) as { answers: Answer[] }).answers;
    }
    if (!answers.length) {
      print(`(no answer within ${options.waitMs / 1000}s)`);
      ok = false;
    }
    for (const answer of answers) print(`business: ${answer.text}`);
  }
  return { ok };
}

/** The chat's phone step: a code texted to the number, read from the sandbox, typed back. */
async function provePhone(
  options: WidgetChatOptions,
  visitorId: string,
  headers: Record<string, string>,
  print: (line: string) => void,
): Promise<boolean> {
  const post = (path: string, body: object) =>
    fetch(`${options.url}${path}`, { method: 'POST', headers, body: JSON.stringify({ visitorId, ...body }) });
  const nextText = options.watchTexts ? await options.watchTexts(options.phone!) : () => Promise.resolve(null);
  const asked = await post('/api/widget/phone', { phone: options.phone });
  if (asked.status !== 202) {
    print(`(no code: the app answered HTTP ${asked.status}: ${await asked.text()})`);
    return false;
  }
  const text = await nextText();
  const code = text && /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) {
    print('(the code text did not come)');
    return false;
  }
  print(`(texted: ${text})`);
  const verified = await post('/api/widget/phone/verify', { phone: options.phone, code });
  if (!verified.ok) {
    print(`(code refused: HTTP ${verified.status}: ${await verified.text()})`);
    return false;
  }
  print(`(chatting as ${((await verified.json()) as { phone: string }).phone})`);
  return true;
}
