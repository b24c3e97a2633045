import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AiModule } from '@app/ai';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { MessagingModule } from '@app/messaging';
import { QueueModule } from '@app/queue';
import { TwilioModule } from '@app/twilio';
import { AiController } from './admin/ai/ai.controller';
import { AutoReplyController } from './admin/auto-reply/auto-reply.controller';
import { CampaignsController } from './admin/campaigns/campaigns.controller';
import { MultiSmsController } from './admin/campaigns/multi-sms.controller';
import { ContactsController } from './admin/contacts/contacts.controller';
import { ConversationsController } from './admin/conversations/conversations.controller';
import { MessagesAdminService } from './admin/messages/messages-admin.service';
import { MessagesController } from './admin/messages/messages.controller';
import { RemindersController } from './admin/reminders/reminders.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ErrorFilter } from './errors/error.filter';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { SandboxRoutes } from './sandbox/sandbox.routes';
import { InboundWebhookService } from './webhooks/inbound-webhook.service';
import { TwilioSignatureGuard } from './webhooks/twilio-signature.guard';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller';

@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, QueueModule, TwilioModule, AiModule, MessagingModule],
  controllers: [
    HealthController,
    TwilioWebhooksController,
    MessagesController,
    ConversationsController,
    ContactsController,
    AutoReplyController,
    AiController,
    CampaignsController,
    MultiSmsController,
    RemindersController,
    MetricsController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    TwilioSignatureGuard,
    InboundWebhookService,
    MessagesAdminService,
    SandboxRoutes,
    MetricsService,
  ],
})
export class ApiModule {}
