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
import { AiService } from './admin/ai/ai.service';
import { AutoReplyController } from './admin/auto-reply/auto-reply.controller';
import { AutoReplyService } from './admin/auto-reply/auto-reply.service';
import { AppointmentsController } from './admin/appointments/appointments.controller';
import { AvailabilityController } from './admin/availability/availability.controller';
import { BusinessesModule } from './admin/businesses/businesses.module';
import { CampaignsController } from './admin/campaigns/campaigns.controller';
import { MultiSmsController } from './admin/campaigns/multi-sms.controller';
import { ContactsController } from './admin/contacts/contacts.controller';
import { ContactsService } from './admin/contacts/contacts.service';
import { ConversationsController } from './admin/conversations/conversations.controller';
import { ConversationsService } from './admin/conversations/conversations.service';
import { EmergenciesController } from './admin/emergencies/emergencies.controller';
import { CallsController } from './admin/calls/calls.controller';
import { MessagesController } from './admin/messages/messages.controller';
import { MessagesService } from './admin/messages/messages.service';
import { OwnerController } from './admin/owner/owner.controller';
import { RemindersController } from './admin/reminders/reminders.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthModule } from './auth/auth.module';
import { ErrorFilter } from './errors/error.filter';
import { EventsModule } from './events/events.module';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { TwilioHealthService } from './health/twilio-health.service';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { SandboxRoutes } from './sandbox/sandbox.routes';
import { SessionModule } from './session/session.module';
import { BadSignatureLimiter } from './webhooks/bad-signature-limiter';
import { TwilioSignatureGuard } from './webhooks/twilio-signature.guard';
import { WebhookSigningToken } from './webhooks/webhook-signing-token';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller';
import { TwilioVoiceController } from './webhooks/twilio-voice.controller';
import { TwilioWebhooksService } from './webhooks/twilio-webhooks.service';
import { WidgetAssetsController } from './widget/widget-assets.controller';
import { WidgetController } from './widget/widget.controller';
import { WidgetPhoneController } from './widget/widget-phone.controller';
import { WidgetRateLimiter } from './widget/widget-rate-limiter';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    TwilioModule,
    AiModule,
    MessagingModule,
    BusinessesModule,
    AuthModule,
    SessionModule,
    EventsModule,
  ],
  controllers: [
    HealthController,
    TwilioWebhooksController,
    TwilioVoiceController,
    MessagesController,
    ConversationsController,
    ContactsController,
    AutoReplyController,
    AiController,
    CampaignsController,
    MultiSmsController,
    RemindersController,
    AvailabilityController,
    AppointmentsController,
    OwnerController,
    EmergenciesController,
    CallsController,
    WidgetController,
    WidgetPhoneController,
    WidgetAssetsController,
    MetricsController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    BadSignatureLimiter,
    TwilioSignatureGuard,
    WebhookSigningToken,
    TwilioWebhooksService,
    HealthService,
    TwilioHealthService,
    MessagesService,
    ConversationsService,
    ContactsService,
    AutoReplyService,
    AiService,
    SandboxRoutes,
    MetricsService,
    WidgetRateLimiter,
  ],
})
export class ApiModule {}
