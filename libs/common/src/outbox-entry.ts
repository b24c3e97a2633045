/**
 * A job as the transactional outbox holds it: written in the same transaction as
 * the data it is about, enqueued after the commit (or by the relay, if that fails).
 * The queue lib builds entries; the database lib stores them.
 */
export interface OutboxEntry {
  jobName: string;
  jobId: string;
  payload: Record<string, unknown>;
}
