import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { AiSessionsRepository } from './ai/ai-sessions.repository';
import { AppointmentsRepository } from './appointments/appointments.repository';
import { AvailabilityRepository } from './appointments/availability.repository';
import { ConversationStatesRepository } from './appointments/conversation-states.repository';
import { AppointmentRemindersRepository } from './appointment-reminders.repository';
import { BusinessDirectory } from './businesses/business-directory';
import { BusinessRoutes } from './businesses/business-routes';
import { ApiKeysRepository } from './businesses/api-keys.repository';
import { BusinessesRepository } from './businesses/businesses.repository';
import { CampaignPreviewRepository } from './campaign-preview.repository';
import { CampaignsRepository } from './campaigns.repository';
import { ContactsRepository } from './contacts.repository';
import { DatabaseHealth } from './database-health';
import { EmergenciesRepository } from './emergencies/emergencies.repository';
import { CallsRepository } from './calls/calls.repository';
import { ConversationTurnsRepository } from './messages/conversation-turns.repository';
import { MessageSendingRepository } from './messages/message-sending.repository';
import { MessagesRepository } from './messages/messages.repository';
import { WebhookRepository } from './webhook.repository';
import { OutboxRepository } from './outbox.repository';
import { OwnerSummariesRepository } from './owner/owner-summaries.repository';
import { OwnerViewsRepository } from './owner/owner-views.repository';
import { PrismaService, WebhookPrismaService } from './prisma.service';
import { RemindersRepository } from './reminders.repository';
import { SettingsRepository } from './settings.repository';

const providers = [
  PrismaService,
  WebhookPrismaService,
  DatabaseHealth,
  MessagesRepository,
  MessageSendingRepository,
  ConversationTurnsRepository,
  ContactsRepository,
  SettingsRepository,
  OutboxRepository,
  CampaignsRepository,
  CampaignPreviewRepository,
  RemindersRepository,
  AppointmentRemindersRepository,
  WebhookRepository,
  BusinessDirectory,
  AppointmentsRepository,
  AvailabilityRepository,
  ConversationStatesRepository,
  BusinessRoutes,
  BusinessesRepository,
  ApiKeysRepository,
  OwnerViewsRepository,
  OwnerSummariesRepository,
  EmergenciesRepository,
  CallsRepository,
  AiSessionsRepository,
];

@Module({ imports: [ConfigModule], providers, exports: providers })
export class DatabaseModule {}
