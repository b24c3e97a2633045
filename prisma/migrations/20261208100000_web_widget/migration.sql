-- Issue 17: the web chat widget. A business's widget token is stored as its SHA-256 only (like
-- API keys): the token itself is shown once, when it is made. The allowed origins are the sites
-- that may frame the chat and call the widget API from a browser (CORS).
ALTER TABLE "businesses"
    ADD COLUMN "widgetTokenHash" TEXT,
    ADD COLUMN "widgetAllowedOrigins" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

CREATE UNIQUE INDEX "businesses_widgetTokenHash_key" ON "businesses"("widgetTokenHash");
