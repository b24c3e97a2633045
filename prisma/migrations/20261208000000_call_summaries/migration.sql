-- Issue 17: after a call that booked or raised an emergency, the owner gets a text saying so.
-- The call keeps that text's id: set once, in the transaction that ends the call, so a
-- repeated status callback never texts the owner twice.
ALTER TYPE "MessageSource" ADD VALUE IF NOT EXISTS 'call_summary';
ALTER TABLE "calls" ADD COLUMN "ownerMessageId" UUID;
