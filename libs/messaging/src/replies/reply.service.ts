import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ContactsRepository, Message, MessagesRepository, SettingsRepository } from '@app/database';
import { OutboundSender, SendOutcome } from '../outbound/outbound-sender';
import { parseKeyword } from '../rules/keywords';
import { truncateOnWord } from '../rules/text';
import { AiReplyService } from './ai-reply.service';
import { planReply, ReplySource } from './reply-plan';

export type ReplyOutcome = SendOutcome | 'no_reply' | 'gone';

/** Answers one inbound message exactly once, in the one mode that applies. */
@Injectable()
export class ReplyService {
  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
    private readonly settings: SettingsRepository,
    private readonly aiReplies: AiReplyService,
    private readonly sender: OutboundSender,
  ) {}

  async replyTo(inboundId: string, finalAttempt: boolean): Promise<ReplyOutcome> {
    const inbound = await this.messages.findById(inboundId);
    if (!inbound || inbound.direction !== 'inbound') return 'gone';
    // A retry (or a second worker) finds the reply already written and only (re)sends it.
    let reply = await this.messages.findReplyTo(inbound.id);
    if (!reply) {
      const composed = await this.compose(inbound);
      if (!composed) return 'no_reply';
      reply = await this.messages.createReply({
        channel: inbound.channel,
        from: inbound.to,
        to: inbound.from,
        body: truncateOnWord(composed.text, this.config.maxReplyLength),
        source: composed.source,
        messagingServiceSid: this.config.twilio.messagingServiceSid ?? null,
        replyToId: inbound.id,
      });
    }
    return this.sender.send(reply.id, finalAttempt);
  }

  private async compose(inbound: Message): Promise<{ text: string; source: ReplySource } | null> {
    const [contact, autoReply, ai] = await Promise.all([
      this.contacts.findByPhone(inbound.from),
      this.settings.getAutoReply(),
      this.aiReplies.current(),
    ]);
    const plan = planReply({
      body: inbound.body,
      receivedAt: inbound.createdAt,
      keyword: parseKeyword(inbound.body),
      optedOut: contact?.optedOut ?? false,
      ai: { enabled: ai.enabled, enabledSince: ai.enabledSince, available: !this.aiReplies.unavailableReason(ai) },
      autoReply,
      bot: this.config.bot,
    });
    if (plan.kind === 'none') return null;
    if (plan.kind === 'text') return { text: plan.text, source: plan.source };
    const { text } = await this.aiReplies.replyFor(ai, inbound.from, inbound.body, inbound.createdAt, inbound.id);
    return { text, source: 'ai' };
  }
}
