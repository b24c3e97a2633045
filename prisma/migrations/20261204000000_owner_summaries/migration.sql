-- The owner's daily summary SMS (issue 15): one row per business and local day, written in the
-- same transaction as the text, so however many workers tick at once a day is summarised once.
ALTER TYPE "MessageSource" ADD VALUE 'owner_summary';

CREATE TABLE "owner_summaries" (
    "businessId" UUID NOT NULL,
    -- The business's local calendar day, YYYY-MM-DD (text compares in date order).
    "day" TEXT NOT NULL,
    -- The text it went out as; null when there was nothing to send it from. Not a foreign key:
    -- deleting the message (DELETE /api/messages/:sid) must not make the day sendable again.
    "messageId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "owner_summaries_pkey" PRIMARY KEY ("businessId", "day"),
    CONSTRAINT "owner_summaries_day_check" CHECK ("day" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
);
ALTER TABLE "owner_summaries" ADD CONSTRAINT "owner_summaries_businessId_fkey"
    FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
