import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ConversationTurnsRepository, type Message } from '@app/database';
import { SharedCounters } from '@app/queue';
import { ConversationTurns } from '../conversations/conversation-turns';

/** The business's side of every web chat: the address its answers come from. */
export const WIDGET_ADDRESS = 'web';
/** The most answers one poll returns; the chat asks again from the last one it got. */
const MAX_ANSWERS = 50;

/** A visitor of one business's web chat. Visitor ids are the browser's own and mean nothing across businesses. */
export interface WidgetVisitor {
  businessId: string;
  visitorId: string;
  /** E.164, when the visitor gave their number: the conversation is then that contact's. */
  phone?: string;
}

export interface WidgetAnswer {
  id: string;
  text: string;
  createdAt: Date;
}

/** What became of a visitor's message: answered in time, or stored with its answer to follow. */
export interface WidgetExchange {
  inboundId: string;
  /** null: not answered within WIDGET_REPLY_TIMEOUT_MS; the chat polls for it. */
  answers: WidgetAnswer[] | null;
}

/**
 * The web chat widget's conversations, through the same engine as texts and calls
 * (ConversationTurns): a message is an inbound message on channel `web` from the visitor's
 * address (`web:<visitorId>`), or from the phone they gave, so the conversation is that contact's
 * (history, appointments, the conversations list). Every inbound sid starts `web.<visitorId>.`,
 * so a visitor is only ever shown the answers to their own messages, even under a shared phone.
 */
@Injectable()
export class WidgetChatService {
  constructor(
    private readonly config: AppConfig,
    private readonly turns: ConversationTurns,
    private readonly repository: ConversationTurnsRepository,
    private readonly counters: SharedCounters,
  ) {}

  /** Stores the message with its reply job and waits for the answer up to WIDGET_REPLY_TIMEOUT_MS. */
  async send(visitor: WidgetVisitor & { slug: string }, text: string): Promise<WidgetExchange> {
    const inboundId = await this.accept(visitor, text);
    return { inboundId, answers: await this.answerTo(inboundId) };
  }

  /** Stores the message with its reply job (the worker answers it); resolves its id. */
  async accept(visitor: WidgetVisitor & { slug: string }, text: string): Promise<string> {
    const inboundId = await this.turns.store({
      businessId: visitor.businessId,
      channel: 'web',
      sid: `${sidPrefix(visitor.visitorId)}${randomUUID()}`,
      from: participantOf(visitor),
      to: WIDGET_ADDRESS,
      body: text,
    });
    this.counters.add('widget_messages_total', [visitor.slug]);
    return inboundId;
  }

  /** The answer's parts once stored, or null when not within WIDGET_REPLY_TIMEOUT_MS. */
  async answerTo(inboundId: string): Promise<WidgetAnswer[] | null> {
    const parts = await this.turns.answer(inboundId, this.config.widget.replyTimeoutMs);
    return parts && parts.map(toAnswer);
  }

  /** The answers to the visitor's own messages stored after `after`, oldest first. */
  async answersSince(visitor: WidgetVisitor, after: Date): Promise<WidgetAnswer[]> {
    const answers = await this.repository.visitorAnswers({
      businessId: visitor.businessId,
      participant: participantOf(visitor),
      sidPrefix: sidPrefix(visitor.visitorId),
      after,
      limit: MAX_ANSWERS,
    });
    return answers.map(toAnswer);
  }
}

/** `web:<visitorId>` until the visitor gives a phone number; then that number, the contact's. */
export const participantOf = (visitor: WidgetVisitor) => visitor.phone ?? `web:${visitor.visitorId}`;

/** Visitor ids are [A-Za-z0-9_-]: the dots cannot be part of one, so one id is never another's prefix. */
const sidPrefix = (visitorId: string) => `web.${visitorId}.`;

const toAnswer = (m: Message): WidgetAnswer => ({ id: m.id, text: m.body, createdAt: m.createdAt });
