import { MessageSource, MessageStatus } from '../generated/prisma/enums';

export { MessageSource, MessageStatus };

/** Every status, in schema order (prisma/schema.prisma's `MessageStatus` enum is the source). */
export const MESSAGE_STATUSES = Object.values(MessageStatus);
export const MESSAGE_SOURCES = Object.values(MessageSource);

/**
 * Where a status sits in a message's life. Twilio's callbacks arrive out of order,
 * so a stored status only ever moves to a higher rank (delivered never goes back
 * to sent). `pending` and `submitting` are ours: stored, and being handed to Twilio.
 * Keyed by the whole vocabulary, so a new status cannot be added without a rank.
 */
const STATUS_RANK: Record<MessageStatus, number> = {
  pending: 0,
  submitting: 1,
  scheduled: 2,
  accepted: 2,
  queued: 3,
  sending: 4,
  sent: 5,
  receiving: 5,
  received: 6,
  delivered: 7,
  undelivered: 7,
  failed: 7,
  canceled: 7,
  suppressed: 7,
  partially_delivered: 7,
  read: 8,
};

export function statusRank(status: MessageStatus): number {
  return STATUS_RANK[status];
}

/**
 * A status named by Twilio (a callback, a synced or fetched message), or null when it
 * is not one we know. Own keys only: `__proto__` or `constructor` must not read
 * Object.prototype (a callback saying MessageStatus=__proto__ was once a 500).
 */
export function parseMessageStatus(raw: string): MessageStatus | null {
  const status = raw.trim().toLowerCase();
  return Object.hasOwn(STATUS_RANK, status) ? (status as MessageStatus) : null;
}
