export * from './ai/ai-sessions.repository';
export * from './appointments/conversation-states.repository';
export * from './appointments/appointments.repository';
export * from './appointments/availability.repository';
export * from './appointment-reminders.repository';
export * from './businesses/business-directory';
export * from './businesses/business-routes';
export * from './businesses/api-keys.repository';
export * from './businesses/businesses.repository';
export * from './campaigns.repository';
export * from './campaign-preview.repository';
export * from './contacts.repository';
export * from './database-errors';
export * from './database-health';
export * from './database.module';
export * from './emergencies/emergencies.repository';
export * from './calls/calls.repository';
export * from './messages/conversation-turns.repository';
export * from './messages/message-inputs';
export * from './messages/message-sending.repository';
export * from './messages/message-status';
export * from './messages/messages.repository';
export * from './outbox.repository';
export * from './owner/owner-summaries.repository';
export * from './owner/owner-views.repository';
export * from './prisma.service';
export * from './reminders.repository';
export * from './settings.repository';
export * from './webhook.repository';
export type {
  AiBackend,
  AiConfig,
  AiSession,
  Appointment,
  AppointmentSource,
  AppointmentStatus,
  Availability,
  ApiKey,
  AutoReplyConfig,
  Business,
  CalendarSync,
  Call,
  CallOutcome,
  BusinessNumber,
  BusinessStatus,
  Campaign,
  CampaignStatus,
  Channel,
  Contact,
  LongReplies,
  Message,
  MessageDirection,
  Reminder,
} from './generated/prisma/client';
export * from './preflight';
