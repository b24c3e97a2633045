/**
 * Where a status sits in a message's life. Twilio's callbacks arrive out of order,
 * so a stored status only ever moves to a higher rank (delivered never goes back
 * to sent). `pending` and `submitting` are ours: stored, and being handed to Twilio.
 */
export const STATUS_RANK: Record<string, number> = {
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
  read: 8,
};

export const FINAL_STATUSES = new Set([
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'suppressed',
  'read',
  'received',
]);

/**
 * The rank of a status; an unknown one (Twilio adds statuses now and then) sits
 * with `queued`. Own keys only: a callback saying `__proto__` or `constructor`
 * must not read Object.prototype.
 */
export function statusRank(status: string): number {
  return Object.hasOwn(STATUS_RANK, status) ? STATUS_RANK[status] : 3;
}
