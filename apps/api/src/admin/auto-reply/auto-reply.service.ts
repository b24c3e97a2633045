import { Injectable } from '@nestjs/common';
import { AutoReplySettings, SettingsRepository } from '@app/database';

/** The fixed-text auto-reply's settings. */
@Injectable()
export class AutoReplyService {
  constructor(private readonly settings: SettingsRepository) {}

  get(): Promise<AutoReplySettings> {
    return this.settings.getAutoReply();
  }

  /** Any change restarts the clock: messages received before it are never auto-answered. Keeps the text when none is given. */
  async set(enabled: boolean, message?: string): Promise<AutoReplySettings> {
    const text = message ?? (await this.settings.getAutoReply()).message;
    return this.settings.setAutoReply(enabled, text);
  }
}
