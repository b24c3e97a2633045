-- The API no longer takes a cron line with a seconds field (six or seven fields): `* * * * * *`
-- texted its recipient every second. A reminder stored with one before is disabled, and says why.
UPDATE "reminders"
SET "enabled" = false,
    "lastError" = 'disabled: its cron has a seconds field, which is no longer supported; give it five fields (minute hour day-of-month month day-of-week) and enable it again',
    "updatedAt" = now()
WHERE "cron" IS NOT NULL
  AND btrim("cron") NOT LIKE '@%'
  AND array_length(regexp_split_to_array(btrim("cron"), '\s+'), 1) > 5;
