import { BadGatewayException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { isTextChannel, parseAddress } from '@app/common';
import { AppConfig } from '@app/config';
import {
  BusinessRoutes,
  decodeCursor,
  Message,
  MessageSendingRepository,
  MessagesRepository,
  Page,
} from '@app/database';
import { BusinessTwilio, OutboundMessagesService } from '@app/messaging';
import { JobName, JobQueue } from '@app/queue';
import { type MediaDownload, TwilioGateway, TwilioMedia, TwilioMediaError, type TwilioMessage } from '@app/twilio';
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
    private readonly accounts: BusinessTwilio,
    private readonly routes: BusinessRoutes,
    private readonly mediaFiles: TwilioMedia,
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
      body: dto.body ?? '',
      contentSid: dto.contentSid,
      contentVariables: dto.contentVariables,
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

  /**
   * Inbound media file `index` (0-based, as Twilio's MediaUrl0…) of one of the business's messages,
   * downloaded from Twilio with the business's account. 404 for another business's message, an
   * outbound one, an index past its media, or media Twilio no longer has; 502 for the rest.
   */
  async media(
    businessId: string,
    key: string,
    index: string,
  ): Promise<MediaDownload & { storedContentType: string | null }> {
    if (!/^[0-9]{1,6}$/.test(index)) throw badRequest('n must be a media index: 0 for the first file (MediaUrl0)');
    const n = Number(index);
    const message = await this.get(businessId, key);
    if (message.direction !== 'inbound') {
      throw new NotFoundException(`Message ${key} is outbound: only inbound media are served (see its mediaUrls)`);
    }
    const url = message.mediaUrls[n];
    if (url === undefined) {
      const count = message.mediaUrls.length;
      const has = count === 0 ? 'has no media' : `has ${count} media file${count === 1 ? '' : 's'}, 0 to ${count - 1}`;
      throw new NotFoundException(`Message ${key} ${has}; no media ${n}`);
    }
    const account = (await this.account(businessId)) ?? this.mediaFiles.platformAccount;
    try {
      const download = await this.mediaFiles.download(url, account, `media ${n} of message ${message.id}`);
      return { ...download, storedContentType: message.mediaContentTypes[n] || null };
    } catch (error) {
      if (!(error instanceof TwilioMediaError)) throw error;
      if (error.kind === 'not_found') throw new NotFoundException(`Media ${n} of message ${key}: ${error.message}`);
      throw new BadGatewayException({
        statusCode: 502,
        error: 'Bad Gateway',
        message: `Media ${n} of message ${key}: ${error.message}`,
        twilioCode: null,
      });
    }
  }

  /**
   * One of the business's messages as Twilio has it now: its record fetched through the SDK (the
   * business's account) and ours brought up to date (status forward only, error, price). 409 for a
   * message Twilio never had (not handed over yet; a call's or a chat's), 404 when Twilio no longer has it.
   */
  async refresh(businessId: string, key: string): Promise<Message> {
    const message = await this.get(businessId, key);
    if (!message.sid || !isTextChannel(message.channel))
      throw new ConflictException(
        `Message ${key} is not at Twilio (${message.sid ? `a ${message.channel} message` : `status ${message.status}`}): nothing to fetch`,
      );
    const account = await this.account(businessId);
    const remote = await this.onTwilio(() => this.twilio.fetchMessage(message.sid!, account));
    if (!remote) throw new NotFoundException(`Twilio has no message ${message.sid} any more`);
    return this.messages.applyRemote(message.id, remote);
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
    if (message.sid) {
      const account = await this.account(businessId);
      await this.onTwilio(() => this.twilio.redact(message.sid!, account));
    }
    return this.messages.redact(message.id);
  }

  async remove(businessId: string, key: string): Promise<void> {
    const message = await this.get(businessId, key);
    if (message.sid) {
      const account = await this.account(businessId);
      await this.onTwilio(() => this.twilio.remove(message.sid!, account));
    }
    await this.messages.delete(message.id);
  }

  /** Pulls Twilio's recent history into our store; optionally answers the newest inbound only. */
  async sync(
    businessId: string,
    limit: number,
    reply: boolean,
  ): Promise<{ fetched: number; created: number; replyQueuedFor: string | null }> {
    const account = await this.account(businessId);
    const listed = await this.onTwilio(() => this.twilio.listRecent(limit, account));
    const country = this.config.defaultCountry;
    // The platform's account holds every business without a subaccount: keep this one's only.
    const remote = account ? listed : await this.ownMessages(businessId, listed);
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

  /** The account the business's messages are in; a token SECRETS_KEY cannot open is a 502 saying so. */
  private async account(businessId: string) {
    try {
      return await this.accounts.account(businessId);
    } catch (error) {
      throw new BadGatewayException({
        statusCode: 502,
        error: 'Bad Gateway',
        message: `Twilio: ${(error as Error).message}`,
        twilioCode: null,
      });
    }
  }

  /** The messages to or from one of the business's numbers, as an inbound webhook would be routed. */
  private async ownMessages(businessId: string, messages: TwilioMessage[]): Promise<TwilioMessage[]> {
    const own: TwilioMessage[] = [];
    for (const m of messages) {
      const { channel, number } = parseAddress(m.direction === 'inbound' ? m.to : m.from, this.config.defaultCountry);
      if ((await this.routes.forInbound(channel, number, m.accountSid)).id === businessId) own.push(m);
    }
    return own;
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
