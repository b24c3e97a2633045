export * from './contacts.repository';
export * from './database.module';
export * from './message-status';
export * from './message.view';
export * from './messages.repository';
export * from './prisma.service';
export * from './settings.repository';
export type { AiConfig, AutoReplyConfig, Channel, Contact, Message, MessageDirection } from './generated/prisma/client';
export * from './preflight';
