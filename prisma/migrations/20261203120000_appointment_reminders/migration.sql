-- Upcoming-appointment reminders (issue 15): an appointment says why its reminder was not sent,
-- a message names the appointment it reminds of, and the reminder tick finds its candidates
-- through a partial index that holds only appointments still waiting for their reminder.
ALTER TABLE "appointments" ADD COLUMN "reminderSkipReason" TEXT;

ALTER TABLE "messages" ADD COLUMN "appointmentId" UUID;
ALTER TABLE "messages" ADD CONSTRAINT "messages_appointmentId_fkey"
    FOREIGN KEY ("appointmentId") REFERENCES "appointments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- Partial: almost no message has one, and the hot inserts of all the others stay as they were.
CREATE INDEX "messages_appointmentId_idx" ON "messages"("appointmentId") WHERE "appointmentId" IS NOT NULL;

-- Per business, in start order: what the tick reads (one index range per business).
CREATE INDEX "appointments_reminder_pending_idx" ON "appointments"("businessId", "startsAt")
    WHERE "status" = 'booked' AND "reminderSentAt" IS NULL AND "reminderSkipReason" IS NULL;
