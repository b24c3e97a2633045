-- Every writer names its business now: a row without one is a bug to surface (a NOT NULL
-- violation), not a row to file silently under the default business.
ALTER TABLE "messages" ALTER COLUMN "businessId" DROP DEFAULT;
ALTER TABLE "contacts" ALTER COLUMN "businessId" DROP DEFAULT;
ALTER TABLE "campaigns" ALTER COLUMN "businessId" DROP DEFAULT;
ALTER TABLE "campaign_recipients" ALTER COLUMN "businessId" DROP DEFAULT;
ALTER TABLE "reminders" ALTER COLUMN "businessId" DROP DEFAULT;
