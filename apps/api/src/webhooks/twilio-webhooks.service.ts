import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { BusinessRoutes, InboundMessageInput, isForeignKeyViolation, WebhookRepository } from '@app/database';
import { optOutChange, parseKeyword } from '@app/messaging';
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
  ) {}

  /** Takes an inbound message off Twilio's hands: store once, apply STOP/START, queue the reply. */
  async acceptInbound(input: InboundMessageInput): Promise<{ duplicate: boolean; business: string }> {
    const id = randomUUID();
    const job = JobQueue.outboxEntry(JobName.ReplyToInbound, { messageId: id, messageSid: input.sid });
    let business = '';
    const store = async () => {
      // The business whose number was texted (or whose subaccount got it); else the default business.
      const route = await this.businesses.forInbound(input.channel, input.to, input.accountSid);
      business = route.slug;
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
    if (created) await this.jobs.enqueueCommitted(job);
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
    await this.webhooks.applyStatus({ ...rest, status, businessId: route.id });
    return { ignored: false, business };
  }
}
