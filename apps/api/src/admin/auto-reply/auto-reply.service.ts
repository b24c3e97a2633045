import { Injectable } from '@nestjs/common';
import { AutoReplySettings, SettingsRepository } from '@app/database';

/** The fixed-text auto-reply's settings. */
@Injectable()
export class AutoReplyService {
  constructor(private readonly settings: SettingsRepository) {}

  get(businessId: string): Promise<AutoReplySettings> {
    return this.settings.getAutoReply(businessId);
  }

  /** Any change restarts the clock: messages received before it are never auto-answered. Keeps the text when none is given. */
  async set(businessId: string, enabled: boolean, message?: string): Promise<AutoReplySettings> {
    const text = message ?? (await this.settings.getAutoReply(businessId)).message;
    return this.settings.setAutoReply(businessId, enabled, text);
  }
}
