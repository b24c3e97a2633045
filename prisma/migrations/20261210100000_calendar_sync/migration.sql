-- Issue 21 (part 8): appointments synced to the owner's Google Calendar. A business may name its
-- own calendar and service-account key (sealed); each appointment keeps its event and sync state.
CREATE TYPE "CalendarSync" AS ENUM ('pending', 'synced', 'failed');

ALTER TABLE "businesses" ADD COLUMN "calendarId" TEXT;
ALTER TABLE "businesses" ADD COLUMN "googleServiceAccount" TEXT;
ALTER TABLE "businesses" ADD COLUMN "googleServiceAccountEmail" TEXT;

ALTER TABLE "appointments" ADD COLUMN "calendarEventId" TEXT;
ALTER TABLE "appointments" ADD COLUMN "calendarLink" TEXT;
ALTER TABLE "appointments" ADD COLUMN "calendarSync" "CalendarSync";
ALTER TABLE "appointments" ADD COLUMN "calendarError" TEXT;
ALTER TABLE "appointments" ADD COLUMN "calendarRevision" INTEGER NOT NULL DEFAULT 0;
