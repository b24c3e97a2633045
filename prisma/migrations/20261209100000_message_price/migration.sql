-- Issue 21: GET /api/messages/:sid?remote=true reads Twilio's current record of a message and
-- keeps what Twilio charged for it, as Twilio writes it (text: "-0.00790", exact, negative = charged).
ALTER TABLE "messages" ADD COLUMN "price" TEXT;
ALTER TABLE "messages" ADD COLUMN "priceUnit" TEXT;
