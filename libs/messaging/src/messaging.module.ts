import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { AiModule } from '@app/ai';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { GoogleModule } from '@app/google';
import { TwilioModule } from '@app/twilio';
import { AppointmentReminderScheduler } from './appointments/appointment-reminder-scheduler';
import { CampaignDispatcher } from './campaigns/campaign-dispatcher';
import { CampaignProgress } from './campaigns/campaign-progress';
import { MessageEvents } from './live/message-events';
import { CampaignsService } from './campaigns/campaigns.service';
import { CampaignPreviewService } from './campaigns/campaign-preview.service';
import { SendRateLimiter } from './campaigns/send-rate-limiter';
import { OutboundMessagesService } from './outbound/outbound-messages.service';
import { OutboundSender } from './outbound/outbound-sender';
import { OwnerSummaryScheduler } from './owner/owner-summary-scheduler';
import { OwnerViewsService } from './owner/owner-views.service';
import { SendReconciler } from './outbound/send-reconciler';
import { ReminderScheduler } from './reminders/reminder-scheduler';
import { RemindersService } from './reminders/reminders.service';
import { AiReplyService } from './replies/ai-reply.service';
import { AskYourDatabaseReplies } from './replies/ask-your-database-replies';
import { ReplyService } from './replies/reply.service';
import { AppointmentsService } from './appointments/appointments.service';
import { CalendarSettings } from './calendar/calendar-settings';
import { CalendarSyncService } from './calendar/calendar-sync.service';
import { AvailabilityService } from './appointments/availability.service';
import { BookingConversation } from './appointments/booking-conversation';
import { BookingTools } from './appointments/booking-tools';
import { BusinessDefaults } from './businesses/business-defaults';
import { BusinessTwilio } from './businesses/business-twilio';
import { EmergencyService } from './emergencies/emergency.service';
import { ConversationTurns } from './conversations/conversation-turns';
import { ReplyWatcher } from './conversations/reply-watcher';
import { WidgetChatService } from './widget/widget-chat.service';
import { VisitorPhoneStore } from './widget/visitor-phone-store';
import { VisitorPhonesService } from './widget/visitor-phones.service';
import { IncomingCallsService } from './voice/incoming-calls.service';
import { CallEndings } from './voice/call-endings.service';
import { CallRecordsService } from './voice/call-records.service';
import { VoiceCallSessions } from './voice/voice-call-sessions';
import { VoiceTurnsService } from './voice/voice-turns.service';

const providers = [
  BookingConversation,
  BookingTools,
  AvailabilityService,
  AppointmentsService,
  CalendarSettings,
  CalendarSyncService,
  BusinessTwilio,
  BusinessDefaults,
  OutboundSender,
  OutboundMessagesService,
  AiReplyService,
  AskYourDatabaseReplies,
  ReplyService,
  SendReconciler,
  SendRateLimiter,
  CampaignsService,
  CampaignPreviewService,
  CampaignDispatcher,
  CampaignProgress,
  MessageEvents,
  ReminderScheduler,
  RemindersService,
  AppointmentReminderScheduler,
  OwnerViewsService,
  OwnerSummaryScheduler,
  EmergencyService,
  IncomingCallsService,
  CallEndings,
  CallRecordsService,
  VoiceCallSessions,
  VoiceTurnsService,
  ReplyWatcher,
  ConversationTurns,
  WidgetChatService,
  VisitorPhoneStore,
  VisitorPhonesService,
];

@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule, TwilioModule, AiModule, GoogleModule],
  providers,
  exports: providers,
})
export class MessagingModule implements OnModuleInit {
  private readonly logger = new Logger('Replies');

  constructor(private readonly aiReplies: AiReplyService) {}

  async onModuleInit(): Promise<void> {
    const ai = await this.aiReplies.seedFromEnv();
    const unavailable = this.aiReplies.unavailableReason(ai);
    if (ai.enabled && !unavailable)
      this.logger.log(
        `AI replies are on (${ai.backend === 'askyourdatabase' ? `AskYourDatabase bot ${ai.botId}` : `model ${ai.model}`})`,
      );
    else if (ai.enabled)
      this.logger.warn(`AI replies are enabled but cannot run: ${unavailable}; the next reply mode answers`);
    else this.logger.log(`AI replies are off${unavailable ? ` (${unavailable})` : ''}`);
  }
}
