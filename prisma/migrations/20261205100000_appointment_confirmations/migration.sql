-- Reminder replies (issue 15, item 6): a customer's C to an appointment's reminder confirms it.
-- Only adds a nullable column: the version before this one keeps working on a migrated database.
ALTER TABLE "appointments" ADD COLUMN "confirmedAt" TIMESTAMP(3);
