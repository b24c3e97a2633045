import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { isSaneDate } from '@app/common';
import type { Message, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { decodeRows, messageRow } from '../rows';
import type { ConversationPage, MessageFilter, Page, SyncedMessageInput } from './message-inputs';
import { parseMessageStatus, statusRank } from './message-status';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What Date.toISOString writes, which is what encodeCursor puts in a cursor. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Cursor over (createdAt DESC, id DESC): stable under concurrent inserts. */
function encodeCursor(message: Pick<Message, 'createdAt' | 'id'>): string {
  return Buffer.from(`${message.createdAt.toISOString()}|${message.id}`).toString('base64url');
}

/** The position a cursor names, or null unless it is exactly one we could have made (a real date and a UUID). */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (parts.length !== 2) return null;
  const [at, id] = parts;
  const createdAt = new Date(at);
  if (!ISO_TIMESTAMP.test(at) || !isSaneDate(createdAt.getTime()) || !UUID.test(id)) return null;
  return { createdAt, id };
}

/**
 * Where a conversation's history ends: just before an inbound message (found from its
 * id alone, so it can be read beside the message, not after it), or at a moment for
 * a participant, leaving one message out.
 */
export type HistoryAnchor =
  { beforeMessage: string } | { businessId: string; participant: string; until: Date; excludeId?: string };

const conversationRow = z.object({
  participant: z.string(),
  messageCount: z.number().int(),
  inboundCount: z.number().int(),
  unreadCount: z.number().int(),
  lastId: z.string(),
  optedOut: z.boolean(),
  name: z.string().nullable(),
});
export type ConversationRow = z.infer<typeof conversationRow>;

/** A LIKE pattern that finds `text` anywhere, its own `%`, `_` and `\\` taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * What a conversation search matches: the text in the number or the contact's names, and, when it is
 * written like a phone number ("(555) 012-3456", "555 0123"), its digits in the number.
 */
function conversationSearch(search: string | undefined): { text: string | null; digits: string | null } {
  const trimmed = search?.trim();
  if (!trimmed) return { text: null, digits: null };
  const digits = /^[\d\s()+.-]+$/.test(trimmed) ? trimmed.replace(/\D/g, '') : '';
  return { text: containing(trimmed), digits: digits ? containing(digits) : null };
}

/** Reading messages (lists, threads, conversations, history) and the operator's edits to them. */
@Injectable()
export class MessagesRepository {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: string): Promise<Message | null> {
    return this.prisma.message.findUnique({ where: { id } });
  }

  /**
   * One of a business's messages, by Twilio SID or, for messages not yet accepted by
   * Twilio, by our id. Another business's message is not found.
   */
  findBySidOrId(businessId: string, key: string): Promise<Message | null> {
    return this.prisma.message.findFirst({ where: { businessId, ...(UUID.test(key) ? { id: key } : { sid: key }) } });
  }

  /** The reply to an inbound message, in its parts (one unless a long reply was split); [] if none yet. */
  findReplyTo(inboundId: string): Promise<Message[]> {
    return this.prisma.message.findMany({ where: { replyToId: inboundId }, orderBy: { replyPart: 'asc' } });
  }

  findManyByIds(ids: string[]): Promise<Message[]> {
    return this.prisma.message.findMany({ where: { id: { in: ids } } });
  }

  /**
   * A conversation's messages with text or media up to the anchor, newest first: the context an
   * AI answer gets. One statement for both kinds of anchor.
   */
  async history(anchor: HistoryAnchor, limit: number): Promise<Message[]> {
    const messageId = 'beforeMessage' in anchor ? anchor.beforeMessage : null;
    const businessId = 'businessId' in anchor ? anchor.businessId : null;
    const participant = 'participant' in anchor ? anchor.participant : null;
    const until = 'until' in anchor ? anchor.until : null;
    const excludeId = 'excludeId' in anchor ? (anchor.excludeId ?? null) : null;
    return decodeRows(
      messageRow,
      await this.prisma.$queryRaw`
        WITH anchor AS (
          SELECT "businessId" AS business, "from" AS participant, "createdAt" AS until, id AS exclude
          FROM messages WHERE id = ${messageId}::uuid
          UNION ALL
          SELECT ${businessId}::uuid, ${participant}::text, ${until}::timestamp(3), ${excludeId}::uuid
          WHERE ${participant}::text IS NOT NULL
        )
        SELECT h.* FROM anchor a
        CROSS JOIN LATERAL (
          SELECT * FROM messages h
          WHERE h."businessId" = a.business AND h.participant = a.participant AND h."createdAt" <= a.until AND h.id IS DISTINCT FROM a.exclude
            AND (h.body <> '' OR cardinality(h."mediaUrls") > 0)
            -- A web chat code is between the business and the phone's owner, not conversation.
            AND h.source <> 'verification'
          ORDER BY h."createdAt" DESC, h.id DESC
          LIMIT ${limit}
        ) h
        ORDER BY h."createdAt" DESC, h.id DESC`,
    );
  }

  async list(filter: MessageFilter, limit: number, cursor?: string): Promise<Page<Message>> {
    const after = cursor ? decodeCursor(cursor) : null;
    const where: Prisma.MessageWhereInput = {
      businessId: filter.businessId,
      participant: filter.participant,
      direction: filter.direction,
      status: filter.status,
      createdAt: filter.since ? { gte: filter.since } : undefined,
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    };
    const rows = await this.prisma.message.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }

  /** One row per participant: the last message's id and counts, newest conversation first. */
  /**
   * One row per participant, most recent first, with the contact's opt-out and name; `search` keeps
   * the conversations whose number or name contains it (see conversationSearch).
   */
  async conversations(businessId: string, page: ConversationPage): Promise<ConversationRow[]> {
    const { text, digits } = conversationSearch(page.search);
    return decodeRows(
      conversationRow,
      await this.prisma.$queryRaw`
        WITH conversations AS (
          SELECT participant,
            COUNT(*)::int AS "messageCount",
            COUNT(*) FILTER (WHERE direction = 'inbound')::int AS "inboundCount",
            COUNT(*) FILTER (WHERE direction = 'inbound' AND "readAt" IS NULL)::int AS "unreadCount",
            (ARRAY_AGG(id ORDER BY "createdAt" DESC, id DESC))[1]::text AS "lastId",
            MAX("createdAt") AS "lastAt"
          FROM messages
          WHERE "businessId" = ${businessId}::uuid
          GROUP BY participant
        )
        SELECT conv.*, COALESCE(c."optedOut", false) AS "optedOut", COALESCE(c.name, c."profileName") AS name
        FROM conversations conv
        LEFT JOIN contacts c ON c."businessId" = ${businessId}::uuid AND c.phone = conv.participant
        WHERE ${text}::text IS NULL
          OR conv.participant ILIKE ${text} OR c.name ILIKE ${text} OR c."profileName" ILIKE ${text}
          OR conv.participant LIKE ${digits}
        ORDER BY conv."lastAt" DESC, conv.participant
        LIMIT ${page.limit} OFFSET ${page.offset}`,
    );
  }

  async markThreadRead(businessId: string, participant: string): Promise<number> {
    const result = await this.prisma.message.updateMany({
      where: { businessId, participant, direction: 'inbound', readAt: null },
      data: { readAt: new Date() },
    });
    return result.count;
  }

  /**
   * Twilio's current record of a message, read on request: the status moves only forward (as a
   * callback's would), the error and price are Twilio's when it has them. The updated message.
   */
  async applyRemote(
    id: string,
    remote: {
      status: string;
      errorCode: number | null;
      errorMessage: string | null;
      price: string | null;
      priceUnit: string | null;
    },
  ): Promise<Message> {
    const status = parseMessageStatus(remote.status);
    const rank = status === null ? -1 : statusRank(status);
    const [updated] = decodeRows(
      messageRow,
      await this.prisma.$queryRaw`
        UPDATE messages SET
          status = CASE WHEN ${rank}::int > "statusRank" THEN ${status}::text::"MessageStatus" ELSE status END,
          "statusRank" = GREATEST("statusRank", ${rank}::int),
          "errorCode" = COALESCE(${remote.errorCode}::int, "errorCode"),
          "errorMessage" = COALESCE(${remote.errorMessage}::text, "errorMessage"),
          price = COALESCE(${remote.price}::text, price),
          "priceUnit" = COALESCE(${remote.price === null ? null : remote.priceUnit}::text, "priceUnit"),
          "updatedAt" = now()
        WHERE id = ${id}::uuid
        RETURNING *`,
    );
    return updated;
  }

  redact(id: string): Promise<Message> {
    return this.prisma.message.update({ where: { id }, data: { body: '', mediaUrls: [], mediaContentTypes: [] } });
  }

  /**
   * Records on an inbound message why its answer could not be written (the AI failed, its reply is
   * the fallback text). An inbound message's error fields are otherwise never set: Twilio's
   * statuses and errors are about what we send.
   */
  async noteAnswerFailure(inboundId: string, note: string): Promise<void> {
    await this.prisma.message.updateMany({
      where: { id: inboundId, direction: 'inbound' },
      data: { errorMessage: note.slice(0, 1000) },
    });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.message.deleteMany({ where: { id } });
  }

  /**
   * Upserts messages pulled from Twilio's history (a status only moves forward); returns
   * the ones that were new. A status Twilio names that we do not know is stored as `queued`.
   */
  async upsertSynced(businessId: string, messages: SyncedMessageInput[]): Promise<Message[]> {
    const created: Message[] = [];
    for (const m of messages) {
      const participant = m.direction === 'inbound' ? m.from : m.to;
      const status = parseMessageStatus(m.status) ?? 'queued';
      const [row] = decodeRows(
        messageRow.extend({ inserted: z.boolean() }),
        await this.prisma.$queryRaw`
          INSERT INTO messages ("businessId", sid, direction, channel, "from", "to", participant, body, status, "statusRank",
            "numMedia", "mediaUrls", "mediaContentTypes", "accountSid", "messagingServiceSid", source, "createdAt")
          VALUES (${businessId}::uuid, ${m.sid}, ${m.direction}::"MessageDirection", ${m.channel}::"Channel", ${m.from}, ${m.to},
            ${participant}, ${m.body}, ${status}::"MessageStatus", ${statusRank(status)}, ${m.numMedia},
            ${m.mediaUrls}::text[], ${m.mediaContentTypes}::text[], ${m.accountSid ?? null},
            ${m.messagingServiceSid ?? null}, 'sync', ${m.createdAt})
          ON CONFLICT (sid) DO UPDATE SET
            status = CASE WHEN messages."statusRank" < EXCLUDED."statusRank" THEN EXCLUDED.status ELSE messages.status END,
            "statusRank" = GREATEST(messages."statusRank", EXCLUDED."statusRank"),
            "updatedAt" = now()
          RETURNING *, (xmax = 0) AS inserted`,
      );
      const { inserted, ...message } = row;
      if (inserted) created.push(message);
    }
    await this.noteWhatsappInbound(businessId, messages);
    return created;
  }

  /**
   * WhatsApp's 24-hour window as Twilio's history shows it: a contact's inbound WhatsApp message
   * found by a sync opens it like one that came by webhook (it only ever moves forward).
   */
  private async noteWhatsappInbound(businessId: string, messages: SyncedMessageInput[]): Promise<void> {
    const latest = new Map<string, Date>();
    for (const m of messages) {
      if (m.direction !== 'inbound' || m.channel !== 'whatsapp') continue;
      const seen = latest.get(m.from);
      if (!seen || seen < m.createdAt) latest.set(m.from, m.createdAt);
    }
    if (!latest.size) return;
    await this.prisma.$executeRaw`
      INSERT INTO contacts ("businessId", phone, "lastInboundWhatsappAt")
      SELECT ${businessId}::uuid, phone, at FROM unnest(${[...latest.keys()]}::text[], ${[...latest.values()]}::timestamp(3)[]) AS u(phone, at)
      ORDER BY phone
      ON CONFLICT ("businessId", phone) DO UPDATE SET
        "lastInboundWhatsappAt" = GREATEST(EXCLUDED."lastInboundWhatsappAt", contacts."lastInboundWhatsappAt"),
        "updatedAt" = now()`;
  }
}
