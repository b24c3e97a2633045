import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { BusinessDirectory } from './businesses/business-directory';
import { ApiKeysRepository } from './businesses/api-keys.repository';
import { BusinessesRepository } from './businesses/businesses.repository';
import { CampaignsRepository } from './campaigns.repository';
import { ContactsRepository } from './contacts.repository';
import { DatabaseHealth } from './database-health';
import { MessageSendingRepository } from './messages/message-sending.repository';
import { MessagesRepository } from './messages/messages.repository';
import { WebhookRepository } from './webhook.repository';
import { OutboxRepository } from './outbox.repository';
import { PrismaService, WebhookPrismaService } from './prisma.service';
import { RemindersRepository } from './reminders.repository';
import { SettingsRepository } from './settings.repository';

const providers = [
  PrismaService,
  WebhookPrismaService,
  DatabaseHealth,
  MessagesRepository,
  MessageSendingRepository,
  ContactsRepository,
  SettingsRepository,
  OutboxRepository,
  CampaignsRepository,
  RemindersRepository,
  WebhookRepository,
  BusinessDirectory,
  BusinessesRepository,
  ApiKeysRepository,
];

@Module({ imports: [ConfigModule], providers, exports: providers })
export class DatabaseModule {}
