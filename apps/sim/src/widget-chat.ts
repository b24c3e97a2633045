import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface WidgetChatOptions {
  /** Where the API listens. */
  url: string;
  /** The business's widget token (`sbw_…`). */
  token: string;
  visitorId?: string;
  phone?: string;
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
  const phone = options.phone ? `&phone=${encodeURIComponent(options.phone)}` : '';
  let ok = true;
  print(`(visitor ${visitorId}${options.phone ? `, phone ${options.phone}` : ''})`);
  for (const text of messages) {
    const sentAt = new Date().toISOString();
    print(`visitor: ${text}`);
    const res = await fetch(`${options.url}/api/widget/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ visitorId, text, ...(options.phone ? { phone: options.phone } : {}) }),
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
        `${options.url}/api/widget/messages?visitorId=${visitorId}&after=${encodeURIComponent(sentAt)}${phone}`,
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
