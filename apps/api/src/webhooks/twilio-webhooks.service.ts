import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InboundMessageInput, StatusCallbackInput, WebhookRepository } from '@app/database';
import { optOutChange, parseKeyword } from '@app/messaging';
import { JobName, JobQueue } from '@app/queue';

/** What Twilio's webhooks hand us: inbound messages and delivery status callbacks. */
@Injectable()
export class TwilioWebhooksService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** Takes an inbound message off Twilio's hands: store once, apply STOP/START, queue the reply. */
  async acceptInbound(input: InboundMessageInput): Promise<{ duplicate: boolean }> {
    const id = randomUUID();
    const job = JobQueue.outboxEntry(JobName.ReplyToInbound, { messageId: id, messageSid: input.sid });
    const created = await this.webhooks.acceptInbound({
      message: { ...input, id },
      optOut: optOutChange(parseKeyword(input.body)),
      job,
    });
    // A retry of a webhook we already stored has its job in the outbox (or done) already.
    if (created) await this.jobs.enqueueCommitted(job);
    return { duplicate: !created };
  }

  /** Moves a message's status forward (never back); a callback for an unknown SID is stored. */
  async applyStatus(input: StatusCallbackInput): Promise<void> {
    await this.webhooks.applyStatus(input);
  }
}
