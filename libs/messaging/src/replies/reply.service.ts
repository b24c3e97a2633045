import { DEFAULT_BUSINESS_ID, isE164, isTextChannel } from '@app/common';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  AutoReplySettings,
  BusinessRoute,
  BusinessRoutes,
  ContactsRepository,
  Message,
  MessageSendingRepository,
  MessagesRepository,
  SettingsRepository,
} from '@app/database';
import { JobOutcome } from '@app/queue';
import { OutboundSender, TransientSendError } from '../outbound/outbound-sender';
import { parseKeyword } from '../rules/keywords';
import { replyBodies } from '../rules/long-replies';
import { AiReplyService, AiSettings } from './ai-reply.service';
import { planReply, ReplySource } from './reply-plan';
import { textWithMediaNote } from './media-note';
import { BookingConversation } from '../appointments/booking-conversation';
import { BookingTools, effectsText } from '../appointments/booking-tools';
import { BusinessDefaults } from '../businesses/business-defaults';
import { EmergencyService } from '../emergencies/emergency.service';
import { MessageEvents } from '../live/message-events';

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
    private readonly routes: BusinessRoutes,
    private readonly booking: BookingConversation,
    private readonly bookingTools: BookingTools,
    private readonly defaults: BusinessDefaults,
    private readonly emergencies: EmergencyService,
    private readonly events: MessageEvents,
  ) {}

  async replyTo(inboundId: string, finalAttempt: boolean): Promise<JobOutcome> {
    // The message first: it names the business whose settings apply. Then one round of
    // reads: each sequential round trip is latency the customer waits through. (The history
    // is read even when no AI answer follows: one indexed query is cheaper than a second round.)
    const inbound = await this.messages.findById(inboundId);
    if (!inbound || inbound.direction !== 'inbound') return JobOutcome.skipped('inbound message gone');
    // A short code or an alphanumeric sender (a bank, a delivery service) cannot be texted back:
    // kept, never answered, and the message says why. (A call or a chat is answered where it is.)
    if (isTextChannel(inbound.channel) && !isE164(inbound.from)) {
      await this.messages.noteAnswerFailure(inbound.id, NOT_TEXTABLE);
      return JobOutcome.skipped(NOT_TEXTABLE);
    }
    const [business, existingReply, autoReply, ai, sender, history] = await Promise.all([
      this.routes.byId(inbound.businessId),
      this.messages.findReplyTo(inboundId),
      this.settings.getAutoReply(inbound.businessId),
      this.aiReplies.current(inbound.businessId),
      this.contacts.findSenderOf(inboundId),
      this.messages.history({ beforeMessage: inboundId }, this.config.ai.historyMessages),
    ]);
    // A suspended business's messages are kept (nothing is lost) but not answered.
    if (business?.status === 'suspended') return JobOutcome.skipped('business suspended');
    // A retry (or a second worker) finds the reply already written and only (re)sends it.
    let parts = existingReply;
    if (!parts.length) {
      const composed = await this.compose(inbound, {
        autoReply,
        ai,
        // An opt-out is of texts: a contact who calls or chats is answered there all the same.
        senderOptedOut: isTextChannel(inbound.channel) && (sender?.optedOut ?? false),
        history,
        business,
      });
      if (!composed) return JobOutcome.skipped('no reply rule applies');
      const bodies = replyBodies(
        composed.text,
        inbound.channel,
        business?.longReplies ?? 'cut',
        this.config.maxReplyLength,
      );
      parts = await this.sending.createReply(
        {
          businessId: inbound.businessId,
          channel: inbound.channel,
          from: inbound.to,
          to: inbound.from,
          body: bodies[0],
          source: composed.source,
          // The env's Messaging Service is the default business's; another business answers from the number texted.
          messagingServiceSid:
            inbound.businessId === DEFAULT_BUSINESS_ID ? (this.config.twilio.messagingServiceSid ?? null) : null,
          replyToId: inbound.id,
        },
        bodies,
      );
      for (const part of parts) this.events.stored(part);
    }
    return this.sendInOrder(parts, finalAttempt);
  }

  /**
   * A reply's parts one after another: each only once Twilio has accepted the one before (a
   * customer reads them in the order they arrive). A retry resumes where the last one stopped.
   */
  private async sendInOrder(parts: Message[], finalAttempt: boolean): Promise<JobOutcome> {
    let outcome = await this.sender.send(parts[0].id, finalAttempt);
    // Not claimed (this worker's heartbeat lapsed): the whole reply waits, nothing is given up.
    if (outcome.status === 'parked') return outcome;
    for (let i = 1; i < parts.length; i++) {
      const previous = await this.messages.findById(parts[i - 1].id);
      if (!previous?.sid) return this.previousPartUnsent(previous, parts.slice(i), finalAttempt);
      outcome = await this.sender.send(parts[i].id, finalAttempt);
    }
    return outcome;
  }

  /**
   * A part Twilio has not accepted holds back the rest: until it has (a retry resumes), or for
   * good once it was refused, suppressed or its fate stays unknown past the last attempt.
   */
  private async previousPartUnsent(
    previous: Message | null,
    rest: Message[],
    finalAttempt: boolean,
  ): Promise<JobOutcome> {
    const part = `part ${previous?.replyPart ?? '?'} of this reply`;
    const waiting = previous?.status === 'pending' || previous?.status === 'submitting';
    if (waiting && !finalAttempt) throw new TransientSendError(`${part} is not yet accepted by Twilio`);
    const status = previous?.status === 'suppressed' ? 'suppressed' : 'failed';
    await this.sending.abandonReplyParts(
      rest.map((p) => p.id),
      status,
      waiting ? `not sent: ${part} was not accepted by Twilio in time` : `not sent: ${part} was not sent`,
    );
    return JobOutcome.done(`${status}: ${part} was not accepted, the rest not sent`);
  }

  private async compose(
    inbound: Message,
    context: {
      autoReply: AutoReplySettings;
      ai: AiSettings;
      senderOptedOut: boolean;
      history: Message[];
      business: BusinessRoute | null;
    },
  ): Promise<{ text: string; source: ReplySource } | null> {
    const { ai } = context;
    // STOP, START, HELP are commands of texts; said in a call (or typed in a chat) they are just words.
    const keyword = isTextChannel(inbound.channel) ? parseKeyword(inbound.body) : null;
    // Emergencies after the keywords (a STOP is never one), before everything else, AI included:
    // the safety line must not depend on a model (whose flag_emergency tool catches the emergencies
    // no keyword names). An opted-out sender's emergency still alerts
    // the owner; the reply is written but stored `suppressed` by the send path, as any reply to them.
    if (keyword === null) {
      const emergency = await this.emergencies.answer({
        businessId: inbound.businessId,
        channel: inbound.channel,
        from: inbound.from,
        body: inbound.body,
        inboundMessageId: inbound.id,
      });
      if (emergency) return { text: emergency, source: 'bot' };
    }
    // Booking commands after the opt-out and help keywords (STOP, CANCEL… are never commands), before AI and auto-reply.
    if (keyword !== 'stop' && keyword !== 'help' && !context.senderOptedOut) {
      const booking = await this.booking.answer({
        businessId: inbound.businessId,
        channel: inbound.channel,
        from: inbound.from,
        body: inbound.body,
      });
      if (booking) return { text: booking, source: 'bot' };
    }
    const plan = planReply({
      body: inbound.body,
      receivedAt: inbound.createdAt,
      keyword,
      optedOut: context.senderOptedOut,
      ai: { enabled: ai.enabled, enabledSince: ai.enabledSince, available: !this.aiReplies.unavailableReason(ai) },
      autoReply: context.autoReply,
      bot: this.config.bot,
    });
    if (plan.kind === 'none') return null;
    if (plan.kind === 'text') return { text: plan.text, source: plan.source };
    return { text: await this.aiAnswer(inbound, ai, context.history, context.business), source: 'ai' };
  }

  /**
   * The model's answer; for a business that books by text, with the booking tools, and led by the
   * fixed confirmation of whatever they booked, moved or cancelled (the model's words may omit it).
   * When the model fails, such a business's fallback points to the fixed flow, and the inbound
   * message records why (see recordFailure).
   */
  private async aiAnswer(inbound: Message, ai: AiSettings, history: Message[], business: BusinessRoute | null) {
    const contact = { businessId: inbound.businessId, participant: inbound.from, slug: business?.slug ?? '' };
    // A photo with no text is still something to answer: the model reads `[image attached]`.
    const incoming = textWithMediaNote(inbound);
    // AskYourDatabase takes no tools: its businesses book through the fixed flow (BOOK), which ran before AI.
    if (!business?.bookingEnabled || ai.backend !== 'openai') {
      const answer = await this.aiReplies.replyFor(ai, incoming, history, contact);
      await this.recordFailure(inbound, answer.failure);
      return answer.fellBack && business?.bookingEnabled ? `${answer.text} ${BOOK_HINT}` : answer.text;
    }
    const { timezone } = await this.defaults.of(business.id);
    const session = this.bookingTools.session({
      businessId: business.id,
      businessName: business.name,
      timezone,
      channel: inbound.channel,
      customerPhone: inbound.from,
      inboundMessageId: inbound.id,
    });
    const { text, fellBack, failure } = await this.aiReplies.replyFor(ai, incoming, history, contact, session);
    await this.recordFailure(inbound, failure);
    const answer = fellBack ? `${text} ${BOOK_HINT}` : text;
    return [...effectsText(session.effects, timezone), answer].join('\n');
  }

  /**
   * Why the AI did not answer, on the inbound message's errorMessage: its reply is the fallback
   * text, and the reply's own error fields belong to Twilio's delivery (each status overwrites them).
   */
  private async recordFailure(inbound: Message, failure: string | null): Promise<void> {
    if (failure) await this.messages.noteAnswerFailure(inbound.id, failure);
  }
}

const NOT_TEXTABLE = 'not answered: the sender is a short code or an alphanumeric ID, which cannot be texted back';

/** The fixed flow works whatever the model does. */
const BOOK_HINT = 'To book an appointment, reply BOOK.';
