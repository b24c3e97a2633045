import { BadGatewayException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { parseAddress } from '@app/common';
import { AppConfig } from '@app/config';
import { decodeCursor, Message, MessageSendingRepository, MessagesRepository, Page } from '@app/database';
import { OutboundMessagesService } from '@app/messaging';
import { JobName, JobQueue } from '@app/queue';
import { TwilioGateway } from '@app/twilio';
import { badRequest, requirePhone } from '../bad-request';
import type { ListMessagesQuery, SendMessageDto } from './messages.dto';

/** The admin API's messages: reading, sending, and what touches Twilio as well as our store. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessagesRepository,
    private readonly sending: MessageSendingRepository,
    private readonly outbound: OutboundMessagesService,
    private readonly twilio: TwilioGateway,
    private readonly jobs: JobQueue,
  ) {}

  list(businessId: string, query: ListMessagesQuery): Promise<Page<Message>> {
    if (query.cursor && !decodeCursor(query.cursor)) throw badRequest('cursor is not valid');
    const participant = query.participant ? this.phone('participant', query.participant) : undefined;
    return this.messages.list(
      {
        businessId,
        participant,
        direction: query.direction,
        status: query.status,
        since: query.since ? new Date(query.since) : undefined,
      },
      query.limit ?? 50,
      query.cursor,
    );
  }

  /** Stores and queues an operator's text (`pending` until a worker hands it to Twilio). */
  send(businessId: string, dto: SendMessageDto): Promise<Message> {
    return this.outbound.queueText({
      businessId,
      to: this.phone('to', dto.to),
      from: dto.from ? this.phone('from', dto.from) : undefined,
      body: dto.body,
      channel: dto.channel,
      mediaUrls: dto.mediaUrls,
      sendAt: dto.sendAt ? new Date(dto.sendAt) : undefined,
      allowPast: dto.allowPast,
      source: 'api',
    });
  }

  /** One of the business's messages; another business's is a 404, as if it did not exist. */
  async get(businessId: string, key: string): Promise<Message> {
    const message = await this.messages.findBySidOrId(businessId, key);
    if (!message) throw new NotFoundException(`No message ${key}`);
    return message;
  }

  /** Cancels a scheduled message that has not gone out yet; 409 once it has. */
  async cancelSchedule(businessId: string, key: string): Promise<Message> {
    const message = await this.get(businessId, key);
    if (!(await this.sending.cancelScheduled(message.id))) {
      throw new ConflictException(`Message ${key} is ${message.status}, not scheduled`);
    }
    return this.get(businessId, message.id);
  }

  async redact(businessId: string, key: string): Promise<Message> {
    const message = await this.get(businessId, key);
    if (message.sid) await this.onTwilio(() => this.twilio.redact(message.sid!));
    return this.messages.redact(message.id);
  }

  async remove(businessId: string, key: string): Promise<void> {
    const message = await this.get(businessId, key);
    if (message.sid) await this.onTwilio(() => this.twilio.remove(message.sid!));
    await this.messages.delete(message.id);
  }

  /** Pulls Twilio's recent history into our store; optionally answers the newest inbound only. */
  async sync(
    businessId: string,
    limit: number,
    reply: boolean,
  ): Promise<{ fetched: number; created: number; replyQueuedFor: string | null }> {
    const remote = await this.onTwilio(() => this.twilio.listRecent(limit));
    const country = this.config.defaultCountry;
    const created = await this.messages.upsertSynced(
      businessId,
      remote.map((m) => {
        const from = parseAddress(m.from, country);
        const to = parseAddress(m.to, country);
        return {
          sid: m.sid,
          direction: m.direction === 'inbound' ? ('inbound' as const) : ('outbound' as const),
          channel: from.channel === 'whatsapp' || to.channel === 'whatsapp' ? ('whatsapp' as const) : ('sms' as const),
          from: from.number,
          to: to.number,
          body: m.body,
          status: m.status,
          numMedia: m.numMedia,
          mediaUrls: [],
          mediaContentTypes: [],
          accountSid: m.accountSid,
          messagingServiceSid: m.messagingServiceSid ?? undefined,
          createdAt: m.dateCreated,
        };
      }),
    );
    let replyQueuedFor: string | null = null;
    if (reply) {
      // The reply rules (time filters, opt-outs) still apply in the worker.
      const newest = created
        .filter((m) => m.direction === 'inbound')
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
      if (newest?.sid) {
        await this.jobs.enqueue(JobName.ReplyToInbound, { messageId: newest.id, messageSid: newest.sid });
        replyQueuedFor = newest.sid;
      }
    }
    return { fetched: remote.length, created: created.length, replyQueuedFor };
  }

  /** Twilio errors become 502 with Twilio's code; a message Twilio no longer has is not an error. */
  private async onTwilio<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const e = error as { status?: number; code?: number; message?: string };
      if (e.status === 404) return undefined as T;
      throw new BadGatewayException({
        statusCode: 502,
        error: 'Bad Gateway',
        message: `Twilio: ${e.message ?? 'request failed'}`,
        twilioCode: e.code ?? null,
      });
    }
  }

  private phone(field: string, value: string): string {
    return requirePhone(field, value, this.config.defaultCountry);
  }
}
