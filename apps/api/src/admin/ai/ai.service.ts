import { BadGatewayException, Injectable } from '@nestjs/common';
import { scrubSecrets, SecretBox } from '@app/common';
import { AppConfig } from '@app/config';
import { Message, MessagesRepository } from '@app/database';
import { AiReplyService, AiSettings, OutboundMessagesService } from '@app/messaging';
import { AutoReplyService } from '../auto-reply/auto-reply.service';
import { badRequest, requirePhone } from '../bad-request';
import type { AiConfigDto, AiSendDto } from './ai.dto';

/** The AI settings and what the admin API can ask of them, with why AI cannot run (if it cannot). */
export interface AiState {
  settings: AiSettings;
  unavailableReason: string | null;
  /** OPENAI_API_KEY is set: AI has a key even when none is stored. */
  envKeySet: boolean;
  /** The fixed-text auto-reply is on: it answers whenever AI cannot. */
  autoReplyEnabled: boolean;
}

/** The admin API's AI routes: settings, a dry run, and an AI-written send. */
@Injectable()
export class AiService {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretBox,
    private readonly aiReplies: AiReplyService,
    private readonly messages: MessagesRepository,
    private readonly outbound: OutboundMessagesService,
    private readonly autoReply: AutoReplyService,
  ) {}

  async state(businessId: string): Promise<AiState> {
    return this.describe(businessId, await this.aiReplies.current(businessId));
  }

  /** Changes win over env from now on (source = api); enabling AI that can run turns auto-reply off. */
  async configure(businessId: string, dto: AiConfigDto): Promise<AiState> {
    if (typeof dto.apiKey === 'string' && !this.secrets.canSeal) {
      throw badRequest(
        'apiKey cannot be stored: SECRETS_KEY is not set (32 random bytes in base64 that seal stored secrets; make one with: openssl rand -base64 32)',
      );
    }
    const targetNumber =
      typeof dto.targetNumber === 'string'
        ? requirePhone('targetNumber', dto.targetNumber, this.config.defaultCountry)
        : dto.targetNumber;
    return this.describe(
      businessId,
      await this.aiReplies.configure(businessId, {
        ...dto,
        ...(targetNumber !== undefined ? { targetNumber } : {}),
      }),
    );
  }

  /** Asks the model with the configured prompt; nothing is sent or stored. */
  async test(businessId: string, prompt: string): Promise<{ reply: string; model: string }> {
    const settings = await this.usable(businessId);
    try {
      return { reply: await this.aiReplies.test(settings, prompt), model: settings.model };
    } catch (error) {
      // Providers echo the key they were sent in their errors: none of it reaches the client.
      const reason = scrubSecrets((error as Error).message, [settings.apiKey, this.config.openai.apiKey]);
      throw new BadGatewayException(`The model failed: ${reason}`);
    }
  }

  /**
   * Generates a message with the conversation's context and queues it to `to`
   * (default: the configured target number). `prompt` is what the model answers;
   * without it, the participant's last inbound message is.
   */
  async send(businessId: string, dto: AiSendDto): Promise<Message> {
    const settings = await this.usable(businessId);
    const rawTo = dto.to ?? settings.targetNumber;
    if (!rawTo) throw badRequest('to is required (no targetNumber is configured)');
    const to = requirePhone('to', rawTo, this.config.defaultCountry);
    const [lastInbound] = (await this.messages.list({ businessId, participant: to, direction: 'inbound' }, 1)).items;
    const prompt = dto.prompt ?? lastInbound?.body;
    if (!prompt) throw badRequest('prompt is required (no inbound message from this number to answer)');
    // The answered inbound message is the prompt, so it must not also appear as history.
    const history = await this.aiReplies.historyUntil(
      businessId,
      to,
      new Date(),
      dto.prompt ? undefined : lastInbound?.id,
    );
    const { text } = await this.aiReplies.replyFor(settings, prompt, history);
    return this.outbound.queueText({
      businessId,
      to,
      body: text,
      from: lastInbound?.to,
      channel: lastInbound?.channel,
      source: 'ai',
    });
  }

  private async usable(businessId: string): Promise<AiSettings> {
    const settings = await this.aiReplies.current(businessId);
    const unavailable = this.aiReplies.unavailableReason(settings);
    if (unavailable) throw badRequest(`AI is not available: ${unavailable}`);
    return settings;
  }

  private async describe(businessId: string, settings: AiSettings): Promise<AiState> {
    return {
      settings,
      unavailableReason: this.aiReplies.unavailableReason(settings),
      envKeySet: Boolean(this.config.openai.apiKey),
      autoReplyEnabled: (await this.autoReply.get(businessId)).enabled,
    };
  }
}
