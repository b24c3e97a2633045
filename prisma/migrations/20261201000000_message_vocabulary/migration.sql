-- One vocabulary for messages, enforced by the database: statuses and sources become
-- enums, and "canceled" is spelled one way everywhere (Twilio's), campaigns included.

-- RenameEnumValue
ALTER TYPE "CampaignStatus" RENAME VALUE 'cancelled' TO 'canceled';

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('pending', 'submitting', 'scheduled', 'accepted', 'queued', 'sending', 'sent', 'receiving', 'received', 'delivered', 'undelivered', 'failed', 'canceled', 'suppressed', 'partially_delivered', 'read');

-- CreateEnum
CREATE TYPE "MessageSource" AS ENUM ('inbound', 'api', 'ai', 'auto_reply', 'keyword', 'bot', 'campaign', 'reminder', 'sync', 'status_callback');

-- CreateEnum
CREATE TYPE "CampaignRecipientStatus" AS ENUM ('pending', 'sending', 'invalid', 'skipped_opted_out', 'skipped_duplicate', 'canceled');

-- A stored status outside the vocabulary can only have come from a Twilio status callback
-- naming a status we did not know; it ranked with "queued" (rank 3), so it becomes that.
UPDATE "messages" SET "status" = 'queued'
WHERE "status" NOT IN ('pending', 'submitting', 'scheduled', 'accepted', 'queued', 'sending', 'sent', 'receiving', 'received', 'delivered', 'undelivered', 'failed', 'canceled', 'suppressed', 'partially_delivered', 'read');

-- AlterTable
ALTER TABLE "messages" ALTER COLUMN "status" TYPE "MessageStatus" USING "status"::"MessageStatus",
    ALTER COLUMN "source" TYPE "MessageSource" USING "source"::"MessageSource";

-- "partially_delivered" is final (Twilio sends no later status), so it ranks with delivered.
UPDATE "messages" SET "statusRank" = 7 WHERE "status" = 'partially_delivered';

UPDATE "campaign_recipients" SET "status" = 'canceled' WHERE "status" = 'cancelled';

-- AlterTable
ALTER TABLE "campaign_recipients" ALTER COLUMN "status" TYPE "CampaignRecipientStatus" USING "status"::"CampaignRecipientStatus";
