-- A second kind of AI backend per business (issue 16): AskYourDatabase, session-based and
-- streaming, beside today's OpenAI-compatible Chat Completions. Only additions: the version
-- before this one keeps working on the migrated database (it never reads the new columns).
CREATE TYPE "AiBackend" AS ENUM ('openai', 'askyourdatabase');

ALTER TABLE "ai_config"
    ADD COLUMN "backend" "AiBackend" NOT NULL DEFAULT 'openai',
    -- AskYourDatabase's origin (and path prefix), e.g. https://www.askyourdatabase.com; the API checks it.
    ADD COLUMN "baseUrl" TEXT,
    ADD COLUMN "botId" TEXT;

-- One AskYourDatabase chat per business and customer number: the backend keeps the conversation's
-- context under its chat id. Replaced when it expires (AI_SESSION_DAYS after it was made) or when
-- the backend refuses it (401); expired rows are deleted by the maintenance job ai-session-cleanup.
CREATE TABLE "ai_sessions" (
    "businessId" UUID NOT NULL,
    -- The customer's number (E.164), as messages' participant.
    "participant" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    -- Leads with businessId: one business's sessions are one index range (lookups, and the
    -- delete when its bot changes).
    CONSTRAINT "ai_sessions_pkey" PRIMARY KEY ("businessId", "participant")
);
CREATE INDEX "ai_sessions_expiresAt_idx" ON "ai_sessions"("expiresAt");
ALTER TABLE "ai_sessions" ADD CONSTRAINT "ai_sessions_businessId_fkey"
    FOREIGN KEY ("businessId") REFERENCES "businesses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
