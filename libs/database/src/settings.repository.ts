import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import type { AiConfig, AutoReplyConfig } from './generated/prisma/client';

export interface AiSettingsPatch {
  enabled?: boolean;
  apiKey?: string | null;
  systemPrompt?: string;
  model?: string;
  temperature?: number;
  targetNumber?: string | null;
}

const SINGLE_ROW = 1;

/** The single-row reply configurations (auto-reply and AI), with the seed app's time rules. */
@Injectable()
export class SettingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async getAutoReply(): Promise<AutoReplyConfig> {
    return (
      (await this.prisma.autoReplyConfig.findUnique({ where: { id: SINGLE_ROW } })) ?? {
        id: SINGLE_ROW,
        enabled: false,
        message: '',
        enabledSince: null,
        updatedAt: new Date(0),
      }
    );
  }

  /** Any change restarts `enabledSince`: earlier messages are never auto-answered. */
  setAutoReply(enabled: boolean, message: string): Promise<AutoReplyConfig> {
    const values = { enabled, message, enabledSince: enabled ? new Date() : null };
    return this.prisma.autoReplyConfig.upsert({
      where: { id: SINGLE_ROW },
      create: { id: SINGLE_ROW, ...values },
      update: values,
    });
  }

  async getAi(): Promise<AiConfig | null> {
    return this.prisma.aiConfig.findUnique({ where: { id: SINGLE_ROW } });
  }

  /**
   * Changes the AI settings. Enabling or reconfiguring restarts `enabledSince`
   * (AI never answers older messages), and enabling AI turns auto-reply off.
   */
  async setAi(patch: AiSettingsPatch, source: 'env' | 'api'): Promise<AiConfig> {
    return this.prisma.$transaction(async (tx) => {
      const current = await tx.aiConfig.findUnique({ where: { id: SINGLE_ROW } });
      const next = { ...current, ...patch };
      const now = new Date();
      const data = {
        ...patch,
        source,
        enabledSince: next.enabled ? now : null,
      };
      const saved = await tx.aiConfig.upsert({
        where: { id: SINGLE_ROW },
        create: { id: SINGLE_ROW, ...data },
        update: data,
      });
      if (saved.enabled) {
        await tx.autoReplyConfig.updateMany({ where: { id: SINGLE_ROW, enabled: true }, data: { enabled: false } });
      }
      return saved;
    });
  }

  /**
   * Seeds the AI settings from the environment until the API has changed them
   * (then the API's values win). Idempotent, and a restart with unchanged env
   * does not move `enabledSince`, so messages that arrived meanwhile still get answers.
   */
  async applyAiEnvDefaults(defaults: Required<Omit<AiSettingsPatch, 'targetNumber'>>): Promise<AiConfig> {
    const current = await this.getAi();
    if (current?.source === 'api') return current;
    const changed =
      !current ||
      current.enabled !== defaults.enabled ||
      current.apiKey !== (defaults.apiKey ?? null) ||
      current.systemPrompt !== defaults.systemPrompt ||
      current.model !== defaults.model ||
      current.temperature !== defaults.temperature;
    if (!changed) return current;
    return this.setAi(defaults, 'env');
  }
}
