import { Injectable } from '@nestjs/common';
import { InboundMessageInput, MessagesRepository } from '@app/database';
import { optOutChange, parseKeyword } from '@app/messaging';
import { JobName, JobQueue } from '@app/queue';

/** Takes an inbound message off Twilio's hands: store once, apply STOP/START, queue the reply. */
@Injectable()
export class InboundWebhookService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly jobs: JobQueue,
  ) {}

  async accept(input: InboundMessageInput): Promise<{ duplicate: boolean }> {
    const { message, created } = await this.messages.acceptInbound(input, optOutChange(parseKeyword(input.body)));
    // Enqueued on Twilio's retries too: if we crashed between storing and enqueueing,
    // the retry repairs it; otherwise the job id makes it a no-op.
    await this.jobs.enqueue(JobName.ReplyToInbound, { messageId: message.id, messageSid: input.sid });
    return { duplicate: !created };
  }
}
