-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "reminderId" UUID,
ADD COLUMN     "scheduledAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "reminders" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "to" TEXT NOT NULL,
    "channel" "Channel" NOT NULL DEFAULT 'sms',
    "from" TEXT,
    "body" TEXT NOT NULL,
    "intervalSeconds" INTEGER,
    "cron" TEXT,
    "timezone" TEXT,
    "startAt" TIMESTAMP(3),
    "endAt" TIMESTAMP(3),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "nextRunAt" TIMESTAMP(3),
    "lastSentAt" TIMESTAMP(3),
    "sendCount" INTEGER NOT NULL DEFAULT 0,
    "skippedCount" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reminders_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "messages_status_scheduledAt_idx" ON "messages"("status", "scheduledAt");

-- CreateIndex
CREATE INDEX "reminders_enabled_nextRunAt_idx" ON "reminders"("enabled", "nextRunAt");
