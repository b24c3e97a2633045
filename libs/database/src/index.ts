export * from './businesses/business-directory';
export * from './businesses/api-keys.repository';
export * from './businesses/businesses.repository';
export * from './campaigns.repository';
export * from './contacts.repository';
export * from './database-errors';
export * from './database-health';
export * from './database.module';
export * from './messages/message-inputs';
export * from './messages/message-sending.repository';
export * from './messages/message-status';
export * from './messages/messages.repository';
export * from './outbox.repository';
export * from './prisma.service';
export * from './reminders.repository';
export * from './settings.repository';
export * from './webhook.repository';
export type {
  AiConfig,
  ApiKey,
  AutoReplyConfig,
  Business,
  BusinessNumber,
  BusinessStatus,
  Campaign,
  CampaignStatus,
  Channel,
  Contact,
  Message,
  MessageDirection,
  Reminder,
} from './generated/prisma/client';
export * from './preflight';
