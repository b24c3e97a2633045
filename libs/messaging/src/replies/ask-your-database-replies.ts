import { Injectable } from '@nestjs/common';
import { AiBackendError, AskYourDatabaseClient, AskYourDatabaseTarget } from '@app/ai';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { AiSession, AiSessionsRepository } from '@app/database';
import { SharedCounters } from '@app/queue';

/** Whose conversation an answer belongs to. */
export interface AiContact {
  businessId: string;
  /** The customer's number (E.164). */
  participant: string;
  /** The business's slug, for the metrics' `business` label. */
  slug: string;
}

/** Why a contact got a new AskYourDatabase chat (the `reason` of switchboard_ai_sessions_total). */
type NewSessionReason = 'new' | 'expired' | 'unauthorized';

/**
 * AskYourDatabase answers in each contact's own chat: the backend keeps the conversation's
 * context under a chat id, stored per business and number in ai_sessions. A chat older than
 * AI_SESSION_DAYS is replaced by a new one; a 401 to a question (the backend no longer
 * knows the chat) gets one new chat and one retry; a second 401 is the caller's failure.
 */
@Injectable()
export class AskYourDatabaseReplies {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: AiSessionsRepository,
    private readonly client: AskYourDatabaseClient,
    private readonly counters: SharedCounters,
  ) {}

  /** The answer to `question` in `contact`'s chat; everything within `signal`'s deadline. */
  async answer(target: AskYourDatabaseTarget, contact: AiContact, question: string, signal: AbortSignal) {
    const stored = await this.sessions.find(contact.businessId, contact.participant);
    let session =
      stored && stored.expiresAt > this.clock.now()
        ? stored
        : await this.newSession(target, contact, stored ? 'expired' : 'new', null, signal);
    try {
      return await this.client.ask(target, { chatId: session.chatId, text: question }, signal);
    } catch (error) {
      if (!(error instanceof AiBackendError) || error.reason !== 'unauthorized') throw error;
      // AskYourDatabase refuses a chat it has dropped with a 401: a new chat, and one more try.
      // A 401 again (to the new chat, or to the new chat's creation) means the key itself is refused.
      session = await this.newSession(target, contact, 'unauthorized', session.chatId, signal);
      return await this.client.ask(target, { chatId: session.chatId, text: question }, signal);
    }
  }

  /** A one-off answer in a chat of its own (the admin API's test route): no session is stored. */
  async answerOnce(target: AskYourDatabaseTarget, question: string, signal: AbortSignal): Promise<string> {
    const chatId = await this.client.newChat(target, signal);
    return this.client.ask(target, { chatId, text: question }, signal);
  }

  private async newSession(
    target: AskYourDatabaseTarget,
    contact: AiContact,
    reason: NewSessionReason,
    replacing: string | null,
    signal: AbortSignal,
  ): Promise<AiSession> {
    const chatId = await this.client.newChat(target, signal);
    this.counters.add('ai_sessions_total', [reason, contact.slug]);
    const now = this.clock.now();
    return this.sessions.replace({
      businessId: contact.businessId,
      participant: contact.participant,
      chatId,
      now,
      expiresAt: new Date(now.getTime() + this.config.ai.sessionMs),
      replacing,
    });
  }
}
