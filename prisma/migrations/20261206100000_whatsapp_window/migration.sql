-- WhatsApp's 24-hour customer-service window and templates (issue 16, item 5). Only adds.

-- When the contact last wrote to its business on WhatsApp. Kept with the inbound write (the
-- contact upsert it already makes), so the send-time check reads it in the claim's own statement
-- (MessageSendingRepository.claimForSending) instead of searching the contact's messages: the
-- index on messages ("businessId", participant, "createdAt") would walk back through every
-- outbound row of a contact who never wrote (a campaign list's usual recipient) to find none.
ALTER TABLE "contacts" ADD COLUMN "lastInboundWhatsappAt" TIMESTAMP(3);

-- A template (Twilio Content API) instead of free text: its SID, and its variables as JSON text.
ALTER TABLE "messages" ADD COLUMN "contentSid" TEXT, ADD COLUMN "contentVariables" TEXT;
ALTER TABLE "campaigns" ADD COLUMN "contentSid" TEXT, ADD COLUMN "contentVariables" TEXT;
ALTER TABLE "reminders" ADD COLUMN "contentSid" TEXT, ADD COLUMN "contentVariables" TEXT;

-- Contacts who wrote within the last day keep their window across the upgrade; older inbound
-- messages no longer matter. The "createdAt" index bounds the scan to that day.
UPDATE "contacts" c SET "lastInboundWhatsappAt" = m.at
FROM (
    SELECT "businessId", participant, max("createdAt") AS at
    FROM "messages"
    WHERE "createdAt" > now() - interval '24 hours' AND direction = 'inbound' AND channel = 'whatsapp'
    GROUP BY "businessId", participant
) m
WHERE c."businessId" = m."businessId" AND c.phone = m.participant;
