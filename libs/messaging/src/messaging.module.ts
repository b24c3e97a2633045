import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { AiModule } from '@app/ai';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { TwilioModule } from '@app/twilio';
import { CampaignDispatcher } from './campaigns/campaign-dispatcher';
import { CampaignsService } from './campaigns/campaigns.service';
import { SendRateLimiter } from './campaigns/send-rate-limiter';
import { OutboundMessagesService } from './outbound/outbound-messages.service';
import { OutboundSender } from './outbound/outbound-sender';
import { SendReconciler } from './outbound/send-reconciler';
import { ReminderScheduler } from './reminders/reminder-scheduler';
import { RemindersService } from './reminders/reminders.service';
import { AiReplyService } from './replies/ai-reply.service';
import { ReplyService } from './replies/reply.service';

const providers = [
  OutboundSender,
  OutboundMessagesService,
  AiReplyService,
  ReplyService,
  SendReconciler,
  SendRateLimiter,
  CampaignsService,
  CampaignDispatcher,
  ReminderScheduler,
  RemindersService,
];

@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule, TwilioModule, AiModule],
  providers,
  exports: providers,
})
export class MessagingModule implements OnModuleInit {
  private readonly logger = new Logger('Replies');

  constructor(private readonly aiReplies: AiReplyService) {}

  async onModuleInit(): Promise<void> {
    const ai = await this.aiReplies.seedFromEnv();
    const unavailable = this.aiReplies.unavailableReason(ai);
    if (ai.enabled && !unavailable) this.logger.log(`AI replies are on (model ${ai.model})`);
    else if (ai.enabled)
      this.logger.warn(`AI replies are enabled but cannot run: ${unavailable}; the next reply mode answers`);
    else this.logger.log(`AI replies are off${unavailable ? ` (${unavailable})` : ''}`);
  }
}
