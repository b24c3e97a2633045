import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { BusinessRoutes, InboundMessageInput, isForeignKeyViolation, WebhookRepository } from '@app/database';
import { CampaignProgress, MessageEvents, optOutChange, parseKeyword } from '@app/messaging';
import { JobName, JobQueue } from '@app/queue';
import type { StatusCallbackForm } from './twilio-form';

/** What Twilio's webhooks hand us: inbound messages and delivery status callbacks. */
@Injectable()
export class TwilioWebhooksService {
  private readonly logger = new Logger(TwilioWebhooksService.name);

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly jobs: JobQueue,
    private readonly businesses: BusinessRoutes,
    private readonly events: MessageEvents,
    private readonly campaigns: CampaignProgress,
  ) {}

  /** Takes an inbound message off Twilio's hands: store once, apply STOP/START, queue the reply. */
  async acceptInbound(input: InboundMessageInput): Promise<{ duplicate: boolean; business: string }> {
    const id = randomUUID();
    const job = JobQueue.outboxEntry(JobName.ReplyToInbound, { messageId: id, messageSid: input.sid });
    let business = '';
    let businessId = '';
    const store = async () => {
      // The business whose number was texted (or whose subaccount got it); else the default business.
      const route = await this.businesses.forInbound(input.channel, input.to, input.accountSid);
      business = route.slug;
      businessId = route.id;
      return this.webhooks.acceptInbound({
        message: { ...input, id, businessId: route.id },
        optOut: optOutChange(parseKeyword(input.body)),
        job,
      });
    };
    let created: boolean;
    try {
      created = await store();
    } catch (error) {
      // The cached business was deleted within the cache's lifetime: ask again, once.
      if (!isForeignKeyViolation(error)) throw error;
      this.businesses.invalidate();
      created = await store();
    }
    // A retry of a webhook we already stored has its job in the outbox (or done) already.
    if (created) {
      // Told first: the reply's own event must not come before the message it answers.
      this.events.stored({
        id,
        businessId,
        participant: input.from,
        direction: 'inbound',
        channel: input.channel,
        status: 'received',
        createdAt: new Date(),
      });
      await this.jobs.enqueueCommitted(job);
    }
    return { duplicate: !created, business };
  }

  /**
   * Moves a message's status forward (never back); a callback for an unknown SID is stored.
   * A status outside our vocabulary changes nothing and is answered 200 all the same, so
   * Twilio does not count our answer as an error for every message once it adds a status.
   */
  async applyStatus(callback: StatusCallbackForm): Promise<{ ignored: boolean; business: string }> {
    const { status, twilioStatus, ...rest } = callback;
    // The message's sender (From) is the business's number, routed as an inbound text's To: the business a
    // callback for a SID we do not have is stored under, and the metrics' label.
    const route = await this.businesses.forInbound(callback.channel, callback.from, callback.accountSid);
    const business = route.slug;
    if (!status) {
      this.logger.warn(`Ignored a status callback for ${callback.sid}: unknown MessageStatus "${twilioStatus}"`);
      return { ignored: true, business };
    }
    const moved = await this.webhooks.applyStatus({ ...rest, status, businessId: route.id });
    // Told to the business the message belongs to (not the callback's route), and only for a
    // message we have: a placeholder for a SID not yet recorded is nobody's message yet.
    if (moved && !moved.inserted) {
      this.events.moved(moved, moved.status, moved.errorCode);
      if (moved.campaignId) this.campaigns.touch(moved.campaignId);
    }
    return { ignored: false, business };
  }
}
