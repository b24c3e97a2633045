import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AutoReplyConfig, ContactsRepository, Message, MessagesRepository, SettingsRepository } from '@app/database';
import { OutboundSender, SendOutcome } from '../outbound/outbound-sender';
import { parseKeyword } from '../rules/keywords';
import { truncateOnWord } from '../rules/text';
import { AiReplyService, AiSettings } from './ai-reply.service';
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
    // Everything that does not depend on the message itself is read beside it:
    // each sequential round trip is latency the customer waits through.
    const [inbound, existingReply, autoReply, ai] = await Promise.all([
      this.messages.findById(inboundId),
      this.messages.findReplyTo(inboundId),
      this.settings.getAutoReply(),
      this.aiReplies.current(),
    ]);
    if (!inbound || inbound.direction !== 'inbound') return 'gone';
    // A retry (or a second worker) finds the reply already written and only (re)sends it.
    let reply = existingReply;
    if (!reply) {
      const composed = await this.compose(inbound, autoReply, ai);
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

  private async compose(inbound: Message, autoReply: AutoReplyConfig, ai: AiSettings): Promise<{ text: string; source: ReplySource } | null> {
    const aiAvailable = !this.aiReplies.unavailableReason(ai);
    // The conversation's history is read beside the contact when an AI answer is likely.
    const [contact, history] = await Promise.all([
      this.contacts.findByPhone(inbound.from),
      ai.enabled && aiAvailable ? this.aiReplies.historyFor(inbound) : undefined,
    ]);
    const plan = planReply({
      body: inbound.body,
      receivedAt: inbound.createdAt,
      keyword: parseKeyword(inbound.body),
      optedOut: contact?.optedOut ?? false,
      ai: { enabled: ai.enabled, enabledSince: ai.enabledSince, available: aiAvailable },
      autoReply,
      bot: this.config.bot,
    });
    if (plan.kind === 'none') return null;
    if (plan.kind === 'text') return { text: plan.text, source: plan.source };
    const { text } = await this.aiReplies.replyFor(ai, inbound.body, history ?? (await this.aiReplies.historyFor(inbound)));
    return { text, source: 'ai' };
  }
}
