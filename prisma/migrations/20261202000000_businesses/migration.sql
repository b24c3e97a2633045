-- Businesses: one deployment serves many, each with its own numbers, keys, Twilio account,
-- settings and data. What exists now becomes the business "default", which the environment
-- keeps configuring (TWILIO_DEFAULT_FROM, AI_*, QUIET_HOURS, ...): a deployment that never
-- creates a second business behaves as before.

-- CreateEnum
CREATE TYPE "BusinessStatus" AS ENUM ('active', 'suspended');

-- CreateTable
CREATE TABLE "businesses" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "status" "BusinessStatus" NOT NULL DEFAULT 'active',
    "timezone" TEXT,
    "ownerPhone" TEXT,
    "quietStart" TEXT,
    "quietEnd" TEXT,
    "twilioAccountSid" TEXT,
    "twilioAuthToken" TEXT,
    "messagingServiceSid" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "businesses_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "businesses_slug_check" CHECK ("slug" ~ '^[a-z0-9-]{2,40}$')
);

-- CreateIndex
CREATE UNIQUE INDEX "businesses_slug_key" ON "businesses"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "businesses_twilioAccountSid_key" ON "businesses"("twilioAccountSid");

-- The default business: a fixed id, so code and this migration name it the same way.
INSERT INTO "businesses" ("id", "name", "slug") VALUES ('00000000-0000-0000-0000-000000000001', 'Default', 'default');

-- CreateTable
CREATE TABLE "business_numbers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "businessId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "business_numbers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "business_numbers_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex: one address belongs to at most one business.
CREATE UNIQUE INDEX "business_numbers_channel_address_key" ON "business_numbers"("channel", "address");

-- CreateIndex
CREATE INDEX "business_numbers_businessId_idx" ON "business_numbers"("businessId");

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "businessId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_keys_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_keyHash_key" ON "api_keys"("keyHash");

-- CreateIndex
CREATE INDEX "api_keys_businessId_idx" ON "api_keys"("businessId");

-- Tenant-owned tables: every row names its business; the rows there are go to default.
-- Adding a NOT NULL column with a constant default rewrites nothing (PostgreSQL 11+).
-- The default stays until every writer names its business (the businesses issue's next step).
ALTER TABLE "messages" ADD COLUMN "businessId" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001';
ALTER TABLE "contacts" ADD COLUMN "businessId" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001';
ALTER TABLE "campaigns" ADD COLUMN "businessId" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001';
ALTER TABLE "campaign_recipients" ADD COLUMN "businessId" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001';
ALTER TABLE "reminders" ADD COLUMN "businessId" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001';

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Indexes lead with the business: a business's thread, its newest messages, its lists.
CREATE INDEX "messages_businessId_participant_createdAt_idx" ON "messages"("businessId", "participant", "createdAt");
CREATE INDEX "messages_businessId_createdAt_idx" ON "messages"("businessId", "createdAt");
CREATE INDEX "campaigns_businessId_kind_createdAt_idx" ON "campaigns"("businessId", "kind", "createdAt");
CREATE INDEX "reminders_businessId_createdAt_idx" ON "reminders"("businessId", "createdAt");
DROP INDEX "messages_participant_createdAt_idx";
DROP INDEX "campaigns_kind_createdAt_idx";

-- A contact is a phone number within one business: the same person texting two businesses is two contacts.
DROP INDEX "contacts_phone_key";
CREATE UNIQUE INDEX "contacts_businessId_phone_key" ON "contacts"("businessId", "phone");

-- The reply settings: one row per business instead of the single row id = 1.
ALTER TABLE "auto_reply_config" ADD COLUMN "businessId" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001';
ALTER TABLE "auto_reply_config" DROP CONSTRAINT "auto_reply_config_pkey", DROP COLUMN "id";
ALTER TABLE "auto_reply_config" ALTER COLUMN "businessId" DROP DEFAULT;
ALTER TABLE "auto_reply_config" ADD CONSTRAINT "auto_reply_config_pkey" PRIMARY KEY ("businessId");
ALTER TABLE "auto_reply_config" ADD CONSTRAINT "auto_reply_config_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ai_config" ADD COLUMN "businessId" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001';
ALTER TABLE "ai_config" DROP CONSTRAINT "ai_config_pkey", DROP COLUMN "id";
ALTER TABLE "ai_config" ALTER COLUMN "businessId" DROP DEFAULT;
ALTER TABLE "ai_config" ADD CONSTRAINT "ai_config_pkey" PRIMARY KEY ("businessId");
ALTER TABLE "ai_config" ADD CONSTRAINT "ai_config_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
