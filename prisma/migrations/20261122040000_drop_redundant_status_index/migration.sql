-- "messages_status_scheduledAt_idx" (status, scheduledAt) serves every lookup by
-- status; the single-column index only cost each message insert and status change
-- one more index write (campaign dispatch writes each message twice).
DROP INDEX "messages_status_idx";
