import { Injectable } from '@nestjs/common';
import { createParser } from 'eventsource-parser';
import { AiBackendError } from '../ai-backend-error';

/** Where and as whom to ask: one business's AskYourDatabase chatbot. */
export interface AskYourDatabaseTarget {
  /** Normalized (see normalizeBaseUrl): no trailing slash. */
  baseUrl: string;
  botId: string;
  apiKey: string;
}

/**
 * The answer text we keep at most. Far above what a text message carries (the reply is cut to
 * MAX_REPLY_LENGTH), so only a broken or hostile backend reaches it; it then fails like any
 * other bad answer instead of filling the worker's memory.
 */
export const MAX_ANSWER_CHARS = 64 * 1024;
/**
 * The stream's bytes we read at most. Above the answer's cap: the stream also carries events
 * we skip (isSQL with its rows, progress), and SSE framing. It also bounds the parser's
 * buffer, which holds an unfinished line until its newline comes.
 */
export const MAX_STREAM_BYTES = 1024 * 1024;
/** A new chat's JSON answer is a few dozen bytes. */
const MAX_JSON_BYTES = 16 * 1024;

/**
 * AskYourDatabase's API (askyourdatabase.com/docs/api-ask, /docs/api-new-chat), behind one
 * class: a new chat is `POST /api/chatbot/newChat` → `{chatid}`; a question is
 * `POST /api/ask` `{question, botid, chatid}`, answered as a `text/event-stream` whose
 * `data:` events with `isText: true` carry the answer's `content` in order (other events,
 * `isSQL` and the like, are skipped) until the stream ends. The caller's `signal` bounds
 * everything (AI_TIMEOUT_MS); redirects are refused, so the key only ever goes to `baseUrl`.
 */
@Injectable()
export class AskYourDatabaseClient {
  /** A new chat of the target's bot; its id keeps the conversation's context at AskYourDatabase. */
  async newChat(target: AskYourDatabaseTarget, signal: AbortSignal): Promise<string> {
    const response = await this.post(target, '/api/chatbot/newChat', { botid: target.botId }, signal);
    const text = await readCapped(response, MAX_JSON_BYTES, signal);
    let chatId: unknown;
    try {
      chatId = (JSON.parse(text) as { chatid?: unknown }).chatid;
    } catch {
      chatId = undefined;
    }
    if (typeof chatId !== 'string' || !chatId || chatId.length > 200)
      throw new AiBackendError('bad_response', 'AskYourDatabase answered a new chat without a chatid');
    return chatId;
  }

  /** The whole answer to `question` in chat `chatId`: every text event's content, in order. */
  async ask(
    target: AskYourDatabaseTarget,
    question: { chatId: string; text: string },
    signal: AbortSignal,
  ): Promise<string> {
    const response = await this.post(
      target,
      '/api/ask',
      { question: question.text, botid: target.botId, chatid: question.chatId },
      signal,
    );
    const type = response.headers.get('content-type') ?? '';
    if (!type.toLowerCase().startsWith('text/event-stream')) {
      await response.body?.cancel().catch(() => undefined);
      throw new AiBackendError(
        'bad_response',
        `AskYourDatabase answered ${type || 'no content type'}, not an event stream`,
      );
    }
    const answer = await readAnswer(response, signal);
    if (!answer.trim()) throw new AiBackendError('empty', 'AskYourDatabase ended the stream without any text');
    return answer.trim();
  }

  private async post(target: AskYourDatabaseTarget, path: string, body: object, signal: AbortSignal) {
    let response: Response;
    try {
      response = await fetch(`${target.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: path === '/api/ask' ? 'text/event-stream' : 'application/json',
          authorization: `Bearer ${target.apiKey}`,
        },
        body: JSON.stringify(body),
        // A redirect would take the key to another address: refused (an error), not followed.
        redirect: 'error',
        signal,
      });
    } catch (error) {
      throw transportError(error, signal);
    }
    if (response.ok) return response;
    // The body is not read: a backend's error page may quote the request (and its key).
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 401) throw new AiBackendError('unauthorized', `AskYourDatabase answered 401 to ${path}`);
    throw new AiBackendError('http_error', `AskYourDatabase answered HTTP ${response.status} to ${path}`);
  }
}

/** Concatenates the text events of an SSE body; past either cap, or when `signal` fires, it stops reading and throws. */
async function readAnswer(response: Response, signal: AbortSignal): Promise<string> {
  const parts: string[] = [];
  let chars = 0;
  const parser = createParser({
    onEvent(event) {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        // Not JSON (a keep-alive, a "[DONE]"): carries no answer text.
        return;
      }
      const { isText, content } = (data ?? {}) as { isText?: unknown; content?: unknown };
      if (isText !== true || typeof content !== 'string') return;
      chars += content.length;
      if (chars > MAX_ANSWER_CHARS) throw tooLarge(`an answer over ${MAX_ANSWER_CHARS} characters`);
      parts.push(content);
    },
  });
  await readChunks(response, MAX_STREAM_BYTES, signal, (text) => parser.feed(text));
  // The stream's end ends the answer: a last event without its blank line (or newline) still
  // counts, so end its line and the event. After a complete stream these are empty lines: no event.
  parser.feed('\n\n');
  return parts.join('');
}

/** A small body (a JSON answer) as text, at most `maxBytes`. */
async function readCapped(response: Response, maxBytes: number, signal: AbortSignal): Promise<string> {
  let text = '';
  await readChunks(response, maxBytes, signal, (chunk) => (text += chunk));
  return text;
}

/** Feeds the body to `onText` chunk by chunk as it arrives, decoded as UTF-8 across chunk boundaries. */
async function readChunks(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  onText: (text: string) => void,
): Promise<void> {
  if (!response.body) return;
  // Node's fetch types its body loosely; it yields bytes.
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) throw tooLarge(`a body over ${maxBytes} bytes`);
      onText(decoder.decode(value, { stream: true }));
    }
    onText(decoder.decode());
    finished = true;
  } catch (error) {
    throw error instanceof AiBackendError ? error : transportError(error, signal);
  } finally {
    // Stops the download (and frees the connection) when we stop early.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

const tooLarge = (what: string) => new AiBackendError('too_large', `AskYourDatabase sent ${what}`);

/** A fetch or read that threw: the deadline, or the network. */
function transportError(error: unknown, signal: AbortSignal): AiBackendError {
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    return new AiBackendError(
      reason?.name === 'TimeoutError' ? 'timeout' : 'failed',
      reason?.name === 'TimeoutError' ? 'AskYourDatabase did not finish its answer in time' : 'the request was aborted',
    );
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (/redirect/i.test(cause?.message ?? ''))
    return new AiBackendError(
      'bad_response',
      'AskYourDatabase answered with a redirect (not followed: the key goes to baseUrl only)',
    );
  return new AiBackendError(
    'unreachable',
    `AskYourDatabase could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`,
  );
}
