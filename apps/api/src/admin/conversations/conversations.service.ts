import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  Contact,
  ContactsRepository,
  ConversationPage,
  decodeCursor,
  Message,
  MessagesRepository,
  Page,
} from '@app/database';
import { badRequest, requirePhone } from '../bad-request';

const WEB_VISITOR = /^web:[A-Za-z0-9_-]{1,64}$/;

/** One row of the conversation list: counts and the participant's last message. */
export interface ConversationSummaryRow {
  participant: string;
  messageCount: number;
  inboundCount: number;
  unreadCount: number;
  optedOut: boolean;
  name: string | null;
  lastMessage: Message | null;
}

/** A page of one participant's thread, newest first, with what we know of them. */
export interface Thread {
  participant: string;
  contact: Contact | null;
  page: Page<Message>;
}

/** Conversations: messages grouped by the customer's number. */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
  ) {}

  /** One row per participant, most recent first. */
  async list(businessId: string, page: ConversationPage): Promise<ConversationSummaryRow[]> {
    const rows = await this.messages.conversations(businessId, page);
    const last = new Map((await this.messages.findManyByIds(rows.map((r) => r.lastId))).map((m) => [m.id, m]));
    return rows.map(({ lastId, ...counts }) => ({ ...counts, lastMessage: last.get(lastId) ?? null }));
  }

  async thread(businessId: string, participant: string, query: { limit?: number; cursor?: string }): Promise<Thread> {
    const phone = this.phone(participant);
    if (query.cursor && !decodeCursor(query.cursor)) throw badRequest('cursor is not valid');
    const [page, contact] = await Promise.all([
      this.messages.list({ businessId, participant: phone }, query.limit ?? 100, query.cursor),
      this.contacts.findByPhone(businessId, phone),
    ]);
    return { participant: phone, contact, page };
  }

  /** Marks the participant's inbound messages read; returns how many were newly marked. */
  async markRead(businessId: string, participant: string): Promise<{ participant: string; markedRead: number }> {
    const phone = this.phone(participant);
    return { participant: phone, markedRead: await this.messages.markThreadRead(businessId, phone) };
  }

  /** A phone number, or a web chat visitor who gave none (`web:<visitorId>`, as the widget stores them). */
  private phone(participant: string): string {
    if (WEB_VISITOR.test(participant)) return participant;
    return requirePhone('participant', participant, this.config.defaultCountry);
  }
}
