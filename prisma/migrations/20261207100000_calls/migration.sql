-- Issue 17: phone calls. One row per call Twilio brought to a business's number, with its
-- turns (who said what) and how it ended.
CREATE TYPE "CallOutcome" AS ENUM ('booked', 'emergency', 'info', 'abandoned');

CREATE TABLE "calls" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "businessId" UUID NOT NULL,
    "callSid" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "durationSeconds" INTEGER,
    "outcome" "CallOutcome",
    "turns" JSONB NOT NULL DEFAULT '[]',
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "calls_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "calls_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "calls_callSid_key" ON "calls"("callSid");
CREATE INDEX "calls_businessId_createdAt_idx" ON "calls"("businessId", "createdAt");

-- What a caller hears first; null: "Thanks for calling <name>. How can we help you today?"
ALTER TABLE "businesses" ADD COLUMN "voiceGreeting" TEXT;
