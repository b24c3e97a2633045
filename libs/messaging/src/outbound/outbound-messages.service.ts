import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Message, MessageSendingRepository, MessageSource } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { badRequest } from '../rules/bad-request';
import { mediaUrlsProblem } from '../rules/media-urls';
import { refusePast } from '../rules/not-past';
import { truncateOnWord } from '../rules/text';
import { Clock, type Channel } from '@app/common';
import { BusinessTwilio } from '../businesses/business-twilio';
import { templateColumns, type TemplateInput } from '../rules/template';
import { MessageEvents } from '../live/message-events';

export interface SendTextRequest extends TemplateInput {
  /** The business it is sent for (the admin request's). */
  businessId: string;
  to: string;
  /** Empty with a template (contentSid). */
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
    private readonly businesses: BusinessTwilio,
    private readonly events: MessageEvents,
  ) {}

  async queueText(request: SendTextRequest): Promise<Message> {
    refusePast('sendAt', request.sendAt, this.clock.now(), request.allowPast, 'leave it out to send now');
    const mediaProblem = mediaUrlsProblem(request.mediaUrls, this.config.twilio.mode === 'sandbox');
    if (mediaProblem) throw badRequest(mediaProblem);
    const channel = request.channel ?? 'sms';
    // A reply names the number it answers from; otherwise the business's own sender.
    const sender = request.from
      ? { from: request.from, messagingServiceSid: null }
      : await this.businesses.sender(request.businessId, channel);
    if (!sender) throw badRequest(await this.businesses.noSenderProblem(request.businessId, channel));
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
      channel,
      from: sender.from ?? '',
      to: request.to,
      body: truncateOnWord(request.body, this.config.maxReplyLength),
      source: request.source,
      messagingServiceSid: sender.messagingServiceSid,
      mediaUrls: request.mediaUrls,
      ...templateColumns(request),
    };
    if (request.sendAt && request.sendAt > this.clock.now()) {
      const scheduled = await this.messages.createScheduled(input, request.sendAt);
      this.events.stored(scheduled);
      return scheduled;
    }
    const message = await this.messages.createOutbound(input, job);
    this.events.stored(message);
    await this.jobs.enqueueCommitted(job);
    return message;
  }
}
