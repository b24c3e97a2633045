import type { FastifyReply } from 'fastify';
import type { WidgetAnswer } from '@app/messaging';
import { toWidgetAnswer } from './widget.response';

/** The client asked for Server-Sent Events (an EventSource, or fetch with that Accept). */
export function wantsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((type) => type.split(';')[0].trim().toLowerCase() === 'text/event-stream');
}

/** One event in text/event-stream framing: its name, its data as one JSON line, a blank line. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Streams what becomes of a stored message: `accepted` at once, then each part of the answer as
 * an `answer` event, or `pending` when it did not come in time (the chat polls for it), then
 * `done`, and the stream ends. The headers already on the reply (CORS, security) go with it.
 */
export async function streamAnswer(
  reply: FastifyReply,
  inboundId: string,
  answer: Promise<WidgetAnswer[] | null>,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // Proxies such as nginx would otherwise hold the events back until the stream ends.
    'x-accel-buffering': 'no',
  });
  raw.write(sseEvent('accepted', { inboundId }));
  const parts = await answer.catch(() => null);
  if (parts) for (const part of parts) raw.write(sseEvent('answer', toWidgetAnswer(part)));
  else raw.write(sseEvent('pending', { inboundId }));
  raw.end(sseEvent('done', { status: parts ? 'answered' : 'pending' }));
}
