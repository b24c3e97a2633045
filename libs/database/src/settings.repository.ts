import { Injectable, Logger } from '@nestjs/common';
import { SecretBox, UnreadableSecretError } from '@app/common';
import type { AiBackend, AiConfig, AutoReplyConfig } from './generated/prisma/client';
import { PrismaService } from './prisma.service';

/** The AI settings as stored, the API key opened (null when it cannot be: see `apiKeyUnreadable`). */
export interface AiSettingsRow extends AiConfig {
  /** A key is stored but no key at hand opens it (SECRETS_KEY changed without SECRETS_KEY_PREVIOUS, or tampering). */
  apiKeyUnreadable: boolean;
}

/** Where the AI key lives, bound into its seal: a sealed value moved elsewhere does not open. */
const AI_KEY_CONTEXT = 'ai_config.apiKey';

export interface AiSettingsPatch {
  enabled?: boolean;
  backend?: AiBackend;
  apiKey?: string | null;
  baseUrl?: string | null;
  botId?: string | null;
  systemPrompt?: string;
  model?: string;
  temperature?: number;
  targetNumber?: string | null;
}

/**
 * The auto-reply settings as the app reads them. Never saved, there is no row, so no `updatedAt`:
 * null (it used to be the fallback's new Date(0), shown as 1970-01-01).
 */
export type AutoReplySettings = Omit<AutoReplyConfig, 'businessId' | 'updatedAt'> & { updatedAt: Date | null };

/**
 * The reply configurations (auto-reply and AI), one row each per business, with the seed app's time rules.
 * The AI key is stored sealed (AES-256-GCM under SECRETS_KEY, see SecretBox) and opened on read.
 */
@Injectable()
export class SettingsRepository {
  private readonly logger = new Logger(SettingsRepository.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly secrets: SecretBox,
  ) {}

  async getAutoReply(businessId: string): Promise<AutoReplySettings> {
    return (
      (await this.prisma.autoReplyConfig.findUnique({ where: { businessId } })) ?? {
        enabled: false,
        message: '',
        enabledSince: null,
        updatedAt: null,
      }
    );
  }

  /** Any change restarts `enabledSince`: earlier messages are never auto-answered. */
  setAutoReply(businessId: string, enabled: boolean, message: string): Promise<AutoReplySettings> {
    const values = { enabled, message, enabledSince: enabled ? new Date() : null };
    return this.prisma.autoReplyConfig.upsert({
      where: { businessId },
      create: { businessId, ...values },
      update: values,
    });
  }

  async getAi(businessId: string): Promise<AiSettingsRow | null> {
    const row = await this.prisma.aiConfig.findUnique({ where: { businessId } });
    return row && this.opened(row);
  }

  /**
   * Changes the AI settings. Enabling or reconfiguring restarts `enabledSince`
   * (AI never answers older messages), and enabling AI turns auto-reply off — only when AI
   * can run with the saved settings (`canRun`): AI without a key would leave the business's
   * own auto-reply off and every customer with the generic answer.
   */
  async setAi(
    businessId: string,
    patch: AiSettingsPatch,
    source: 'env' | 'api',
    canRun: (saved: AiSettingsRow) => boolean,
  ): Promise<AiSettingsRow> {
    const saved = await this.prisma.$transaction(async (tx) => {
      const current = await tx.aiConfig.findUnique({ where: { businessId } });
      const next = { ...current, ...patch };
      const now = new Date();
      const apiKey =
        patch.apiKey !== undefined
          ? this.sealed(patch.apiKey)
          : current?.apiKey
            ? this.resealed(current.apiKey)
            : undefined;
      const data = {
        ...patch,
        ...(apiKey !== undefined ? { apiKey } : {}),
        source,
        enabledSince: next.enabled ? now : null,
      };
      const saved = await tx.aiConfig.upsert({
        where: { businessId },
        create: { businessId, ...data },
        update: data,
      });
      // A chat id belongs to one bot at one server: after a change of either, every contact starts a new chat.
      if (
        current &&
        (current.backend !== saved.backend || current.baseUrl !== saved.baseUrl || current.botId !== saved.botId)
      ) {
        await tx.aiSession.deleteMany({ where: { businessId } });
      }
      const opened = this.opened(saved);
      if (saved.enabled && canRun(opened)) {
        await tx.autoReplyConfig.updateMany({ where: { businessId, enabled: true }, data: { enabled: false } });
      }
      return opened;
    });
    return saved;
  }

  /**
   * Seals a stored AI key that is still plain text (stored before sealing existed) or
   * sealed with SECRETS_KEY_PREVIOUS, when SECRETS_KEY is set. Run at start-up.
   */
  async resealAiKey(businessId: string): Promise<void> {
    const row = await this.prisma.aiConfig.findUnique({ where: { businessId } });
    const resealed = row?.apiKey ? this.resealed(row.apiKey) : undefined;
    if (resealed === undefined) return;
    await this.prisma.aiConfig.updateMany({
      where: { businessId, apiKey: row!.apiKey },
      data: { apiKey: resealed },
    });
    this.logger.log('Sealed the stored AI key with SECRETS_KEY');
  }

  private sealed(apiKey: string | null): string | null {
    return apiKey === null ? null : this.secrets.seal(apiKey, AI_KEY_CONTEXT);
  }

  /** A stored value sealed again with the current key, or undefined when it needs nothing (or cannot be). */
  private resealed(stored: string): string | undefined {
    if (!this.secrets.canSeal) return undefined;
    if (!SecretBox.isSealed(stored)) return this.secrets.seal(stored, AI_KEY_CONTEXT);
    try {
      const { value, stale } = this.secrets.open(stored, AI_KEY_CONTEXT);
      return stale ? this.secrets.seal(value, AI_KEY_CONTEXT) : undefined;
    } catch (error) {
      if (error instanceof UnreadableSecretError) return undefined;
      throw error;
    }
  }

  private opened(row: AiConfig): AiSettingsRow {
    // A key stored before sealing existed is plain text until resealAiKey seals it.
    if (!row.apiKey || !SecretBox.isSealed(row.apiKey)) return { ...row, apiKeyUnreadable: false };
    try {
      return { ...row, apiKey: this.secrets.open(row.apiKey, AI_KEY_CONTEXT).value, apiKeyUnreadable: false };
    } catch (error) {
      if (!(error instanceof UnreadableSecretError)) throw error;
      return { ...row, apiKey: null, apiKeyUnreadable: true };
    }
  }

  /**
   * Seeds the AI settings from the environment until the API has changed them
   * (then the API's values win). Idempotent, and a restart with unchanged env
   * does not move `enabledSince`, so messages that arrived meanwhile still get answers.
   */
  async applyAiEnvDefaults(
    businessId: string,
    defaults: Required<Omit<AiSettingsPatch, 'targetNumber' | 'backend' | 'baseUrl' | 'botId'>>,
    canRun: (saved: AiSettingsRow) => boolean,
  ): Promise<AiSettingsRow> {
    const current = await this.getAi(businessId);
    if (current?.source === 'api') return current;
    const changed =
      !current ||
      current.enabled !== defaults.enabled ||
      current.apiKey !== (defaults.apiKey ?? null) ||
      current.systemPrompt !== defaults.systemPrompt ||
      current.model !== defaults.model ||
      current.temperature !== defaults.temperature;
    if (!changed) return current;
    return this.setAi(businessId, defaults, 'env', canRun);
  }
}
