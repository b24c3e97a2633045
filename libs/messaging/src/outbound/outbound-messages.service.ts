import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Message, MessageSendingRepository, MessageSource } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { badRequest } from '../rules/bad-request';
import { refusePast } from '../rules/not-past';
import { truncateOnWord } from '../rules/text';
import { Clock, type Channel } from '@app/common';

export interface SendTextRequest {
  /** The business it is sent for (the admin request's). */
  businessId: string;
  to: string;
  body: string;
  from?: string;
  channel?: Channel;
  source: MessageSource;
  mediaUrls?: string[];
  /** Later: stored as `scheduled`, released by the workers at this moment. */
  sendAt?: Date;
  /** A sendAt in the past sends at once instead of being refused. */
  allowPast?: boolean;
}

/** Stores an outbound message and queues it for the sender: what the admin API's sends go through. */
@Injectable()
export class OutboundMessagesService {
  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessageSendingRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async queueText(request: SendTextRequest): Promise<Message> {
    refusePast('sendAt', request.sendAt, this.clock.now(), request.allowPast, 'leave it out to send now');
    const messagingServiceSid = request.from ? null : (this.config.twilio.messagingServiceSid ?? null);
    const from = request.from ?? this.config.twilio.defaultFrom;
    if (!from && !messagingServiceSid) {
      throw badRequest('from is required: no TWILIO_DEFAULT_FROM or TWILIO_MESSAGING_SERVICE_SID is configured');
    }
    // Generated text (AI) is cut to fit; an operator's own words are refused rather than cut unseen.
    const max = this.config.maxReplyLength;
    if (request.source === 'api' && request.body.trim().length > max) {
      throw badRequest(`body must be at most ${max} characters (MAX_REPLY_LENGTH)`);
    }
    const id = randomUUID();
    const job = JobQueue.outboxEntry(JobName.SendMessage, { messageId: id });
    const input = {
      id,
      businessId: request.businessId,
      channel: request.channel ?? 'sms',
      from: from ?? '',
      to: request.to,
      body: truncateOnWord(request.body, this.config.maxReplyLength),
      source: request.source,
      messagingServiceSid,
      mediaUrls: request.mediaUrls,
    };
    if (request.sendAt && request.sendAt > this.clock.now())
      return this.messages.createScheduled(input, request.sendAt);
    const message = await this.messages.createOutbound(input, job);
    await this.jobs.enqueueCommitted(job);
    return message;
  }
}
