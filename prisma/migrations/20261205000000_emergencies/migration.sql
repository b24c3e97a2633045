-- Emergencies (issue 15, item 5): a customer's text flagged as an emergency, and the owner's alert.
ALTER TYPE "MessageSource" ADD VALUE 'owner_alert';

CREATE TABLE "emergencies" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "businessId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    -- The message it was raised for. Unique: one emergency (and one owner alert) per inbound
    -- message, whatever the retries and workers. Not a foreign key: deleting the message keeps the record.
    "inboundMessageId" UUID NOT NULL,
    "summary" TEXT NOT NULL,
    -- The appointment marked isEmergency; null: a lead.
    "appointmentId" UUID,
    -- The owner's alert; null when there was no ownerPhone or nothing to send from. Not a foreign key either.
    "ownerMessageId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "emergencies_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "emergencies_inboundMessageId_key" ON "emergencies"("inboundMessageId");
-- Every read is one business's, by time: GET /api/emergencies and the owner's summary.
CREATE INDEX "emergencies_businessId_createdAt_idx" ON "emergencies"("businessId", "createdAt");
-- The summary looks up whether an emergency appointment was raised by a text (not double-counted).
CREATE INDEX "emergencies_appointmentId_idx" ON "emergencies"("appointmentId") WHERE "appointmentId" IS NOT NULL;
ALTER TABLE "emergencies" ADD CONSTRAINT "emergencies_businessId_fkey"
    FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "emergencies" ADD CONSTRAINT "emergencies_contactId_fkey"
    FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "emergencies" ADD CONSTRAINT "emergencies_appointmentId_fkey"
    FOREIGN KEY ("appointmentId") REFERENCES "appointments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
