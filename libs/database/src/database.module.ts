import { Global, Module } from '@nestjs/common';
import { CampaignsRepository } from './campaigns.repository';
import { ContactsRepository } from './contacts.repository';
import { MessagesRepository } from './messages.repository';
import { WebhookRepository } from './webhook.repository';
import { OutboxRepository } from './outbox.repository';
import { PrismaService } from './prisma.service';
import { RemindersRepository } from './reminders.repository';
import { SettingsRepository } from './settings.repository';

const providers = [
  PrismaService,
  MessagesRepository,
  ContactsRepository,
  SettingsRepository,
  OutboxRepository,
  CampaignsRepository,
  RemindersRepository,
  WebhookRepository,
];

@Global()
@Module({ providers, exports: providers })
export class DatabaseModule {}
