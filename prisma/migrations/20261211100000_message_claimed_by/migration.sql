-- Issue 19 (part 4): each claim records its owner (a worker process, unique per start), so the
-- send reconciler can settle a dead worker's sends without waiting for SUBMITTING_TIMEOUT_MS.
-- Rows claimed before this column existed keep NULL and the old rule.
ALTER TABLE "messages" ADD COLUMN "claimedBy" TEXT;
