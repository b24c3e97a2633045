-- Issue 17: phone calls and the web chat widget reach the same conversation engine as texts.
-- Their turns are messages too (history, conversations, emergencies), on channels of their own.
-- Campaigns, reminders and business numbers stay SMS or WhatsApp (the API only takes those).
ALTER TYPE "Channel" ADD VALUE IF NOT EXISTS 'voice';
ALTER TYPE "Channel" ADD VALUE IF NOT EXISTS 'web';
