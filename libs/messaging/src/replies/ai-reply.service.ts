import { Injectable, Logger } from '@nestjs/common';
import { AiResponder, AskYourDatabaseTarget, failureReason, ToolCall, ToolSpec, ToolTurn } from '@app/ai';
import { DEFAULT_BUSINESS_ID, maskPhone, scrubSecrets } from '@app/common';
import { AppConfig } from '@app/config';
import { AiBackend, AiSettingsPatch, Message, MessagesRepository, SettingsRepository } from '@app/database';
import { SharedCounters } from '@app/queue';
import { AiContact, AskYourDatabaseReplies } from './ask-your-database-replies';
import { buildConversationPrompt } from './conversation-prompt';

export interface AiSettings {
  enabled: boolean;
  /** Who answers: OpenAI-compatible Chat Completions, or AskYourDatabase (baseUrl, botId, apiKey). */
  backend: AiBackend;
  apiKey: string | null;
  baseUrl: string | null;
  botId: string | null;
  systemPrompt: string;
  model: string;
  temperature: number;
  targetNumber: string | null;
  source: string;
  enabledSince: Date | null;
  /** A key is stored but cannot be opened with SECRETS_KEY (or SECRETS_KEY_PREVIOUS). */
  apiKeyUnreadable: boolean;
}

/** Tools an answer may call: their specs, how to use them, and how to run one. */
export interface ReplyTools {
  specs: ToolSpec[];
  instructions: string;
  run(call: ToolCall): Promise<string>;
}

/**
 * Rounds of tool calls one answer may take before the model must answer in text: enough to look
 * up times, be refused one and book another; bounded so a confused model cannot loop.
 */
export const MAX_TOOL_ROUNDS = 4;

/** A business other than the default one, before the API set its AI: off, nothing stored. */
const NEW_BUSINESS_AI: Omit<AiSettings, 'model'> = {
  enabled: false,
  backend: 'openai',
  apiKey: null,
  baseUrl: null,
  botId: null,
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
    private readonly askYourDatabase: AskYourDatabaseReplies,
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
    if (settings.backend === 'askyourdatabase') {
      // The env's OpenAI key is not AskYourDatabase's: this backend runs on what the API stored.
      const missing = (['baseUrl', 'botId', 'apiKey'] as const).filter((field) => !settings[field]);
      return missing.length ? `askyourdatabase needs ${missing.join(', ')} (POST /api/ai/config)` : null;
    }
    return this.ai.unavailableReason(settings.apiKey);
  }

  /** A participant's conversation up to `until`, newest first, leaving out `excludeId`: an AI answer's context. */
  historyUntil(businessId: string, participant: string, until: Date, excludeId?: string): Promise<Message[]> {
    return this.messages.history({ businessId, participant, until, excludeId }, this.config.ai.historyMessages);
  }

  /**
   * A reply to `incoming` from `contact`, with the conversation's `history` as context (the
   * openai backend; AskYourDatabase keeps its own, in the contact's chat). When the backend
   * fails (after the SDK's bounded retries; past AI_TIMEOUT_MS; a 401 after a new chat) the
   * configured fallback text answers instead, so the customer is never left without a reply,
   * and never with part of an answer; `failure` then says why, for the message's record.
   */
  async replyFor(
    settings: AiSettings,
    incoming: string,
    history: Message[],
    contact: AiContact,
    /** Booking tools, for a business that books by text (the openai backend only: AskYourDatabase takes none). */
    tools?: ReplyTools,
  ): Promise<{ text: string; fellBack: boolean; failure: string | null }> {
    const started = performance.now();
    try {
      const text = await this.answer(settings, incoming, history, contact, tools);
      this.recordCall('ok', contact.slug, started);
      return { text, fellBack: false, failure: null };
    } catch (error) {
      this.recordCall('failed', contact.slug, started);
      const reason = failureReason(error);
      this.counters.add('ai_failures_total', [settings.backend, reason, contact.slug]);
      // Providers echo the key they were sent in their errors.
      const detail = scrubSecrets((error as Error).message, [settings.apiKey, this.config.openai.apiKey]);
      const failure = `AI (${settings.backend}) failed: ${reason}: ${detail}`;
      const line = `${failure}; sent the fallback text to ${maskPhone(contact.participant)} of ${contact.slug || 'default'}`;
      // A key the backend refuses fails every answer until someone changes it: an error, not a warning.
      if (reason === 'unauthorized') this.logger.error(line);
      else this.logger.warn(line);
      return { text: this.config.ai.fallbackReply, fellBack: true, failure };
    }
  }

  private answer(
    settings: AiSettings,
    incoming: string,
    history: Message[],
    contact: AiContact,
    tools?: ReplyTools,
  ): Promise<string> {
    if (settings.backend === 'askyourdatabase') {
      // One deadline for all of it (new chat, stream, retry): what the customer waits, at most.
      const signal = AbortSignal.timeout(this.config.ai.timeoutMs);
      return this.askYourDatabase.answer(askTarget(settings), contact, incoming, signal);
    }
    const systemPrompt = tools
      ? [settings.systemPrompt, tools.instructions].filter(Boolean).join('\n\n')
      : settings.systemPrompt;
    const messages = buildConversationPrompt(systemPrompt, history, incoming, this.config.ai.historyChars);
    return tools
      ? this.withTools(settings, messages, tools, contact.slug)
      : this.ai.complete({ ...call(settings), messages });
  }

  /** Calls the model, runs the tools it asks for and sends their results back, until it answers in text. */
  private async withTools(
    settings: AiSettings,
    prompt: ToolTurn[],
    tools: ReplyTools,
    business: string,
  ): Promise<string> {
    const messages = [...prompt];
    for (let round = 1; ; round++) {
      const last = round > MAX_TOOL_ROUNDS;
      const answer = await this.ai.completeWithTools({
        ...call(settings),
        messages,
        tools: tools.specs,
        toolChoice: last ? 'none' : 'auto',
      });
      if (!answer.toolCalls.length || last) {
        if (answer.text) return answer.text;
        throw new Error(`the model still called tools after ${MAX_TOOL_ROUNDS} rounds`);
      }
      messages.push({ role: 'assistant', content: answer.text, toolCalls: answer.toolCalls });
      // One after another: a booking the model asks for after a lookup must see that lookup's world.
      for (const toolCall of answer.toolCalls) {
        // Names the model made up are one label value, not one each: it writes them, not us.
        const known = tools.specs.some((spec) => spec.name === toolCall.name);
        this.counters.add('ai_tool_calls_total', [known ? toolCall.name : 'unknown', business]);
        messages.push({ role: 'tool', toolCallId: toolCall.id, content: await tools.run(toolCall) });
      }
    }
  }

  private recordCall(outcome: string, business: string, started: number): void {
    this.counters.add('ai_calls_total', [outcome, business]);
    this.counters.add('ai_call_seconds_sum', [outcome, business], (performance.now() - started) / 1000);
  }

  /** A one-off answer for the admin API's test route (AskYourDatabase: in a new chat); errors surface to the caller. */
  test(settings: AiSettings, prompt: string): Promise<string> {
    if (settings.backend === 'askyourdatabase') {
      return this.askYourDatabase.answerOnce(
        askTarget(settings),
        prompt,
        AbortSignal.timeout(this.config.ai.timeoutMs),
      );
    }
    return this.ai.complete({
      ...call(settings),
      messages: buildConversationPrompt(settings.systemPrompt, [], prompt, this.config.ai.historyChars),
    });
  }
}

/** What every call to the model takes from the settings. */
const call = (settings: AiSettings) => ({
  apiKey: settings.apiKey,
  model: settings.model,
  temperature: settings.temperature,
});

/** The AskYourDatabase bot the settings name; only called once unavailableReason said they are complete. */
function askTarget(settings: AiSettings): AskYourDatabaseTarget {
  if (!settings.baseUrl || !settings.botId || !settings.apiKey) throw new Error('askyourdatabase is not configured');
  return { baseUrl: settings.baseUrl, botId: settings.botId, apiKey: settings.apiKey };
}
