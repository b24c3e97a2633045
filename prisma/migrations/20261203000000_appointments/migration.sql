-- Appointments (issue 15): availability, appointments that never overlap, conversation state,
-- and the contact fields of a small CRM.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- The business's booking settings.
ALTER TABLE "businesses"
    ADD COLUMN "bookingEnabled" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "emergencyKeywords" TEXT[],
    ADD COLUMN "safetyLine" TEXT,
    ADD COLUMN "reminderHours" INTEGER NOT NULL DEFAULT 24,
    ADD COLUMN "ownerSummaryTime" TEXT,
    ADD CONSTRAINT "businesses_reminderHours_check" CHECK ("reminderHours" BETWEEN 1 AND 168),
    ADD CONSTRAINT "businesses_ownerSummaryTime_check" CHECK ("ownerSummaryTime" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');

ALTER TABLE "contacts"
    ADD COLUMN "name" TEXT,
    ADD COLUMN "email" TEXT,
    ADD COLUMN "address" TEXT,
    ADD COLUMN "notes" TEXT,
    ADD COLUMN "tags" TEXT[];

CREATE TABLE "availability" (
    "businessId" UUID NOT NULL,
    "weeklyHours" JSONB NOT NULL,
    "slotMinutes" INTEGER NOT NULL DEFAULT 60,
    "bufferMinutes" INTEGER NOT NULL DEFAULT 0,
    "maxPerDay" INTEGER,
    "closedDates" TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "availability_pkey" PRIMARY KEY ("businessId"),
    CONSTRAINT "availability_slotMinutes_check" CHECK ("slotMinutes" BETWEEN 5 AND 1440),
    CONSTRAINT "availability_bufferMinutes_check" CHECK ("bufferMinutes" BETWEEN 0 AND 1440),
    CONSTRAINT "availability_maxPerDay_check" CHECK ("maxPerDay" IS NULL OR "maxPerDay" >= 1)
);
ALTER TABLE "availability" ADD CONSTRAINT "availability_businessId_fkey"
    FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TYPE "AppointmentStatus" AS ENUM ('booked', 'cancelled', 'completed', 'no_show');
CREATE TYPE "AppointmentSource" AS ENUM ('sms', 'whatsapp', 'api', 'voice', 'widget');

CREATE TABLE "appointments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "businessId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'booked',
    "isEmergency" BOOLEAN NOT NULL DEFAULT false,
    "service" TEXT,
    "notes" TEXT,
    "address" TEXT,
    "source" "AppointmentSource" NOT NULL,
    "reminderSentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "appointments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "appointments_time_check" CHECK ("endsAt" > "startsAt"),
    -- No double booking, decided by PostgreSQL itself whatever the concurrency: two booked
    -- appointments of one business never share a moment (times are UTC, as every column here).
    CONSTRAINT "appointments_no_overlap" EXCLUDE USING gist (
        "businessId" WITH =,
        tsrange("startsAt", "endsAt") WITH &&
    ) WHERE ("status" = 'booked')
);
CREATE INDEX "appointments_businessId_startsAt_idx" ON "appointments"("businessId", "startsAt");
CREATE INDEX "appointments_contactId_startsAt_idx" ON "appointments"("contactId", "startsAt");
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_businessId_fkey"
    FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_contactId_fkey"
    FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "conversation_states" (
    "businessId" UUID NOT NULL,
    "participant" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "conversation_states_pkey" PRIMARY KEY ("businessId", "participant")
);
CREATE INDEX "conversation_states_expiresAt_idx" ON "conversation_states"("expiresAt");
ALTER TABLE "conversation_states" ADD CONSTRAINT "conversation_states_businessId_fkey"
    FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
