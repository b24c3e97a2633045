import { BadGatewayException, Injectable } from '@nestjs/common';
import { baseUrlProblem, normalizeBaseUrl } from '@app/ai';
import { scrubSecrets, SecretBox, isTextChannel } from '@app/common';
import { AppConfig } from '@app/config';
import { Message, MessagesRepository } from '@app/database';
import { AiReplyService, AiSettings, BusinessTwilio, OutboundMessagesService, textWithMediaNote } from '@app/messaging';
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
    private readonly businesses: BusinessTwilio,
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
    const baseUrl = typeof dto.baseUrl === 'string' ? this.checkedBaseUrl(dto.baseUrl) : dto.baseUrl;
    this.checkBackend(await this.aiReplies.current(businessId), { ...dto, baseUrl });
    return this.describe(
      businessId,
      await this.aiReplies.configure(businessId, {
        ...dto,
        ...(targetNumber !== undefined ? { targetNumber } : {}),
        ...(baseUrl !== undefined ? { baseUrl } : {}),
      }),
    );
  }

  /** The base URL as it will be called, or a 400 naming the field. */
  private checkedBaseUrl(raw: string): string {
    // Sandbox mode sends nothing live: a backend on the local network over http is fine there.
    const problem = baseUrlProblem(raw, this.config.twilio.mode === 'sandbox');
    if (problem) throw badRequest(`baseUrl ${problem}`);
    return normalizeBaseUrl(new URL(raw).href);
  }

  /**
   * The settings the change leads to must be complete for their backend (AskYourDatabase
   * cannot run without baseUrl, botId and apiKey), and a stored key is only ever sent where
   * it was stored for: moving to another backend or base URL takes the key in the same
   * request (or null to drop it), so a changed baseUrl cannot carry the old key to a new server.
   */
  private checkBackend(current: AiSettings, dto: AiConfigDto): void {
    const next = { ...current, ...dto };
    const moved = next.backend !== current.backend || (next.baseUrl ?? null) !== current.baseUrl;
    const keyStored = Boolean(current.apiKey) || current.apiKeyUnreadable;
    if (moved && keyStored && dto.apiKey === undefined) {
      throw badRequest(
        'apiKey is required when backend or baseUrl changes (the stored key is never sent to another server); send the new key, or null to remove it',
      );
    }
    if (next.backend !== 'askyourdatabase') return;
    for (const field of ['baseUrl', 'botId', 'apiKey'] as const) {
      if (!next[field]) throw badRequest(`${field} is required for backend askyourdatabase`);
    }
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
    const prompt = dto.prompt ?? (lastInbound ? textWithMediaNote(lastInbound) : undefined);
    if (!prompt) throw badRequest('prompt is required (no inbound message from this number to answer)');
    // The answered inbound message is the prompt, so it must not also appear as history.
    const history = await this.aiReplies.historyUntil(
      businessId,
      to,
      new Date(),
      dto.prompt ? undefined : lastInbound?.id,
    );
    const contact = { businessId, participant: to, slug: await this.businesses.slug(businessId) };
    const { text } = await this.aiReplies.replyFor(settings, prompt, history, contact);
    return this.outbound.queueText({
      businessId,
      to,
      body: text,
      // After a call or a widget chat, the answer goes as an SMS (to a phone number) from the business's own sender.
      ...(lastInbound && isTextChannel(lastInbound.channel)
        ? { from: lastInbound.to, channel: lastInbound.channel }
        : {}),
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
