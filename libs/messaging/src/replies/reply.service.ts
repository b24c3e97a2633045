import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  AutoReplySettings,
  BusinessDirectory,
  ContactsRepository,
  Message,
  MessageSendingRepository,
  MessagesRepository,
  SettingsRepository,
} from '@app/database';
import { JobOutcome } from '@app/queue';
import { OutboundSender } from '../outbound/outbound-sender';
import { parseKeyword } from '../rules/keywords';
import { truncateOnWord } from '../rules/text';
import { AiReplyService, AiSettings } from './ai-reply.service';
import { planReply, ReplySource } from './reply-plan';

/** Answers one inbound message exactly once, in the one mode that applies. */
@Injectable()
export class ReplyService {
  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessagesRepository,
    private readonly sending: MessageSendingRepository,
    private readonly contacts: ContactsRepository,
    private readonly settings: SettingsRepository,
    private readonly aiReplies: AiReplyService,
    private readonly sender: OutboundSender,
    private readonly businesses: BusinessDirectory,
  ) {}

  async replyTo(inboundId: string, finalAttempt: boolean): Promise<JobOutcome> {
    // The message first: it names the business whose settings apply. Then one round of
    // reads: each sequential round trip is latency the customer waits through. (The history
    // is read even when no AI answer follows: one indexed query is cheaper than a second round.)
    const inbound = await this.messages.findById(inboundId);
    if (!inbound || inbound.direction !== 'inbound') return JobOutcome.skipped('inbound message gone');
    const [business, existingReply, autoReply, ai, sender, history] = await Promise.all([
      this.businesses.byIdOrSlug(inbound.businessId),
      this.messages.findReplyTo(inboundId),
      this.settings.getAutoReply(inbound.businessId),
      this.aiReplies.current(inbound.businessId),
      this.contacts.findSenderOf(inboundId),
      this.messages.history({ beforeMessage: inboundId }, this.config.ai.historyMessages),
    ]);
    // A suspended business's messages are kept (nothing is lost) but not answered.
    if (business?.status === 'suspended') return JobOutcome.skipped('business suspended');
    // A retry (or a second worker) finds the reply already written and only (re)sends it.
    let reply = existingReply;
    if (!reply) {
      const composed = await this.compose(inbound, {
        autoReply,
        ai,
        senderOptedOut: sender?.optedOut ?? false,
        history,
      });
      if (!composed) return JobOutcome.skipped('no reply rule applies');
      reply = await this.sending.createReply({
        businessId: inbound.businessId,
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

  private async compose(
    inbound: Message,
    context: { autoReply: AutoReplySettings; ai: AiSettings; senderOptedOut: boolean; history: Message[] },
  ): Promise<{ text: string; source: ReplySource } | null> {
    const { ai } = context;
    const plan = planReply({
      body: inbound.body,
      receivedAt: inbound.createdAt,
      keyword: parseKeyword(inbound.body),
      optedOut: context.senderOptedOut,
      ai: { enabled: ai.enabled, enabledSince: ai.enabledSince, available: !this.aiReplies.unavailableReason(ai) },
      autoReply: context.autoReply,
      bot: this.config.bot,
    });
    if (plan.kind === 'none') return null;
    if (plan.kind === 'text') return { text: plan.text, source: plan.source };
    const { text } = await this.aiReplies.replyFor(ai, inbound.body, context.history);
    return { text, source: 'ai' };
  }
}
