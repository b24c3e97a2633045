import { Global, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { SettingsRepository } from '@app/database';
import { OutboundMessagesService } from './outbound/outbound-messages.service';
import { OutboundSender } from './outbound/outbound-sender';
import { AiReplyService } from './replies/ai-reply.service';
import { ReplyService } from './replies/reply.service';

const providers = [OutboundSender, OutboundMessagesService, AiReplyService, ReplyService];

@Global()
@Module({ providers, exports: providers })
export class MessagingModule implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
  ) {}

  /** AI settings start from env (AI_*, OPENAI_*) until the API changes them. */
  async onModuleInit(): Promise<void> {
    await this.settings.applyAiEnvDefaults({
      enabled: this.config.ai.enabled,
      apiKey: null,
      systemPrompt: this.config.ai.systemPrompt,
      model: this.config.openai.model,
      temperature: this.config.ai.temperature,
    });
  }
}
