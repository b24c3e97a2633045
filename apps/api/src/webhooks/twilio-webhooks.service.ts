import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { BusinessDirectory, InboundMessageInput, isForeignKeyViolation, WebhookRepository } from '@app/database';
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
    private readonly businesses: BusinessDirectory,
  ) {}

  /** Takes an inbound message off Twilio's hands: store once, apply STOP/START, queue the reply. */
  async acceptInbound(input: InboundMessageInput): Promise<{ duplicate: boolean }> {
    const id = randomUUID();
    const job = JobQueue.outboxEntry(JobName.ReplyToInbound, { messageId: id, messageSid: input.sid });
    const store = async () =>
      this.webhooks.acceptInbound({
        // The business whose number was texted; a number no business owns is the default business's.
        message: { ...input, id, businessId: (await this.businesses.forAddress(input.channel, input.to)).id },
        optOut: optOutChange(parseKeyword(input.body)),
        job,
      });
    let created: boolean;
    try {
      created = await store();
    } catch (error) {
      // The cached business was deleted within the cache's lifetime: ask again, once.
      if (!isForeignKeyViolation(error)) throw error;
      this.businesses.forget(input.channel, input.to);
      created = await store();
    }
    // A retry of a webhook we already stored has its job in the outbox (or done) already.
    if (created) await this.jobs.enqueueCommitted(job);
    return { duplicate: !created };
  }

  /**
   * Moves a message's status forward (never back); a callback for an unknown SID is stored.
   * A status outside our vocabulary changes nothing and is answered 200 all the same, so
   * Twilio does not count our answer as an error for every message once it adds a status.
   */
  async applyStatus(callback: StatusCallbackForm): Promise<{ ignored: boolean }> {
    const { status, twilioStatus, ...rest } = callback;
    if (!status) {
      this.logger.warn(`Ignored a status callback for ${callback.sid}: unknown MessageStatus "${twilioStatus}"`);
      return { ignored: true };
    }
    await this.webhooks.applyStatus({ ...rest, status });
    return { ignored: false };
  }
}
