import { Injectable, Logger } from '@nestjs/common';
import { AiResponder } from '@app/ai';
import { DEFAULT_BUSINESS_ID, scrubSecrets } from '@app/common';
import { AppConfig } from '@app/config';
import { AiSettingsPatch, Message, MessagesRepository, SettingsRepository } from '@app/database';
import { SharedCounters } from '@app/queue';
import { buildConversationPrompt } from './conversation-prompt';

export interface AiSettings {
  enabled: boolean;
  apiKey: string | null;
  systemPrompt: string;
  model: string;
  temperature: number;
  targetNumber: string | null;
  source: string;
  enabledSince: Date | null;
  /** A key is stored but cannot be opened with SECRETS_KEY (or SECRETS_KEY_PREVIOUS). */
  apiKeyUnreadable: boolean;
}

/** A business other than the default one, before the API set its AI: off, nothing stored. */
const NEW_BUSINESS_AI: Omit<AiSettings, 'model'> = {
  enabled: false,
  apiKey: null,
  systemPrompt: '',
  temperature: 0.7,
  targetNumber: null,
  source: 'api',
  enabledSince: null,
  apiKeyUnreadable: false,
};

/** AI answers with the conversation's context, and the settings they run with. */
@Injectable()
export class AiReplyService {
  private readonly logger = new Logger(AiReplyService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
    private readonly messages: MessagesRepository,
    private readonly ai: AiResponder,
    private readonly counters: SharedCounters,
  ) {}

  /** A business's stored settings; for the default business the environment's are stored first if nothing is yet. */
  async current(businessId: string): Promise<AiSettings> {
    return (await this.settings.getAi(businessId)) ?? this.initial(businessId);
  }

  /** The environment configures the default business only; another starts with AI off until the API sets it. */
  private async initial(businessId: string): Promise<AiSettings> {
    if (businessId === DEFAULT_BUSINESS_ID) return this.seedFromEnv();
    return { ...NEW_BUSINESS_AI, model: this.config.openai.model };
  }

  /**
   * The default business's AI settings start from env (AI_*, OPENAI_*) until the API changes
   * them. The env's API key is never stored: the responder falls back to it at call time.
   */
  async seedFromEnv(): Promise<AiSettings> {
    // A key stored before sealing existed (or under the previous SECRETS_KEY) is sealed anew now.
    await this.settings.resealAiKey(DEFAULT_BUSINESS_ID);
    return this.settings.applyAiEnvDefaults(
      DEFAULT_BUSINESS_ID,
      {
        enabled: this.config.ai.enabled,
        apiKey: null,
        systemPrompt: this.config.ai.systemPrompt,
        model: this.config.openai.model,
        temperature: this.config.ai.temperature,
      },
      this.canRun,
    );
  }

  /** An operator's change: from now on the stored settings win over the environment's. */
  configure(businessId: string, patch: AiSettingsPatch): Promise<AiSettings> {
    return this.settings.setAi(businessId, patch, 'api', this.canRun);
  }

  private readonly canRun = (settings: AiSettings) => this.unavailableReason(settings) === null;

  unavailableReason(settings: AiSettings): string | null {
    if (settings.apiKeyUnreadable) {
      return 'the stored apiKey cannot be read with SECRETS_KEY (set SECRETS_KEY_PREVIOUS to the key it was stored with, or store the apiKey again)';
    }
    return this.ai.unavailableReason(settings.apiKey);
  }

  /** A participant's conversation up to `until`, newest first, leaving out `excludeId`: an AI answer's context. */
  historyUntil(businessId: string, participant: string, until: Date, excludeId?: string): Promise<Message[]> {
    return this.messages.history({ businessId, participant, until, excludeId }, this.config.ai.historyMessages);
  }

  /**
   * A reply to `incoming`, with the conversation's `history` as context. When the
   * model fails (after the SDK's bounded retries) the configured fallback text
   * answers instead, so the customer is never left without a reply.
   */
  async replyFor(
    settings: AiSettings,
    incoming: string,
    history: Message[],
  ): Promise<{ text: string; fellBack: boolean }> {
    const messages = buildConversationPrompt(settings.systemPrompt, history, incoming, this.config.ai.historyChars);
    const started = performance.now();
    try {
      const text = await this.ai.complete({
        apiKey: settings.apiKey,
        model: settings.model,
        temperature: settings.temperature,
        messages,
      });
      this.recordCall('ok', started);
      return { text, fellBack: false };
    } catch (error) {
      this.recordCall('failed', started);
      // Providers echo the key they were sent in their errors.
      const reason = scrubSecrets((error as Error).message, [settings.apiKey, this.config.openai.apiKey]);
      this.logger.warn(`AI reply failed, sending the fallback text: ${reason}`);
      return { text: this.config.ai.fallbackReply, fellBack: true };
    }
  }

  private recordCall(outcome: string, started: number): void {
    this.counters.add('ai_calls_total', [outcome]);
    this.counters.add('ai_call_seconds_sum', [outcome], (performance.now() - started) / 1000);
  }

  /** A one-off completion for the admin API's test route; errors surface to the caller. */
  test(settings: AiSettings, prompt: string): Promise<string> {
    return this.ai.complete({
      apiKey: settings.apiKey,
      model: settings.model,
      temperature: settings.temperature,
      messages: buildConversationPrompt(settings.systemPrompt, [], prompt, this.config.ai.historyChars),
    });
  }
}
