-- Issue 16: a reply over the channel's limit is cut (the default) or split into numbered
-- parts, per business; each part is its own message row answering the same inbound message.
CREATE TYPE "LongReplies" AS ENUM ('cut', 'split');
ALTER TABLE "businesses" ADD COLUMN "longReplies" "LongReplies" NOT NULL DEFAULT 'cut';

-- 1-based part of a reply; every reply so far was in one piece.
ALTER TABLE "messages" ADD COLUMN "replyPart" INTEGER;
UPDATE "messages" SET "replyPart" = 1 WHERE "replyToId" IS NOT NULL;
ALTER TABLE "messages" ADD CONSTRAINT "messages_replyPart_check"
  CHECK (("replyToId" IS NULL) = ("replyPart" IS NULL) AND ("replyPart" IS NULL OR "replyPart" >= 1));

-- An inbound message gets at most one reply, now counted in parts: one row per part number.
DROP INDEX "messages_replyToId_key";
CREATE UNIQUE INDEX "messages_replyToId_replyPart_key" ON "messages"("replyToId", "replyPart");
