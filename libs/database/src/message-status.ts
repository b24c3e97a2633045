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

export const FINAL_STATUSES = new Set(['delivered', 'undelivered', 'failed', 'canceled', 'suppressed', 'read', 'received']);

export function statusRank(status: string): number {
  return STATUS_RANK[status] ?? 3;
}
