import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ContactsRepository, Message, MessageSendingRepository, parseMessageStatus } from '@app/database';
import {
  HEARTBEAT_INTERVAL_MS,
  JobOutcome,
  SendFencedError,
  type SendTicket,
  SharedCounters,
  WorkerLiveness,
} from '@app/queue';
import { classifyTwilioError, TwilioGateway } from '@app/twilio';
import { type Channel, Clock, isTextChannel, maskPhone } from '@app/common';
import { BusinessTwilio, TwilioAccountUnavailableError } from '../businesses/business-twilio';
import { insideWindow, OUTSIDE_WINDOW_CODE, OUTSIDE_WINDOW_MESSAGE, windowApplies } from '../rules/whatsapp-window';
import { MessageEvents } from '../live/message-events';

/**
 * A claimed message, with when its recipient last wrote to the business on WhatsApp: both
 * claims (MessageSendingRepository.claimForSending, CampaignsRepository.claimRecipient)
 * read it in their own statement, so the window costs no query of its own.
 */
export type SendableMessage = Message & { lastInboundWhatsappAt: Date | null };

/** Thrown for a transient Twilio failure so the queue retries the job with backoff. */
export class TransientSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientSendError';
  }
}

/**
 * Hands one stored outbound message to Twilio, at most once: the database claim
 * (pending -> submitting) decides which worker sends, the opt-out and WhatsApp's
 * 24-hour window are checked right before the call, and Twilio's answer classifies
 * what happens next.
 */
@Injectable()
export class OutboundSender {
  private readonly logger = new Logger(OutboundSender.name);

  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessageSendingRepository,
    private readonly contacts: ContactsRepository,
    private readonly twilio: TwilioGateway,
    private readonly counters: SharedCounters,
    private readonly businesses: BusinessTwilio,
    private readonly clock: Clock,
    private readonly events: MessageEvents,
    private readonly liveness: WorkerLiveness,
  ) {}

  async send(messageId: string, finalAttempt: boolean): Promise<JobOutcome> {
    const ticket = this.liveness.ticket();
    if (!ticket) return OutboundSender.fencedBeforeClaim();
    const claimed = await this.messages.claimForSending(messageId, this.liveness.owner);
    if (!claimed) return JobOutcome.skipped('not pending');
    const { recipientOptedOut, ...message } = claimed;
    // A phone call's or a widget chat's answer is given there (spoken, or shown), never texted:
    // an opt-out of texts does not silence the assistant the contact is talking to.
    if (!isTextChannel(message.channel)) {
      await this.messages.markGivenInConversation(message.id);
      this.events.moved(message, 'delivered');
      return JobOutcome.done(`given in the ${message.channel === 'voice' ? 'call' : 'chat'}`);
    }
    // Keyword answers (STOP's confirmation, HELP) are the only texts an opted-out contact gets.
    if (message.source !== 'keyword' && recipientOptedOut) {
      await this.unsent(message, 'suppressed', null, 'recipient opted out');
      return JobOutcome.skipped('recipient opted out: suppressed');
    }
    return this.deliver({ ...message, channel: message.channel }, ticket, finalAttempt);
  }

  /**
   * This worker's heartbeat has lapsed (see WorkerLiveness): claiming now would only leave the
   * message `submitting` for the reconciler. The job waits a beat instead, no attempt spent.
   */
  static fencedBeforeClaim<P = never>(): JobOutcome<P> {
    return JobOutcome.parked(Date.now() + HEARTBEAT_INTERVAL_MS, 'heartbeat lapsed: not claiming');
  }

  /**
   * Calls Twilio for a message this caller has claimed (`submitting`) with `ticket`. A 429 or
   * 5xx puts it back to `pending` and throws, so the job retries with backoff. The request is
   * written only while this worker's heartbeat proves it alive since the claim (WorkerLiveness),
   * checked when the request gets its socket; otherwise the claim is left to the reconciler.
   * Every outbound message passes here (API sends, replies, reminders, campaigns),
   * so this is where WhatsApp's window is enforced.
   */
  async deliver(
    message: SendableMessage & { channel: Channel },
    ticket: SendTicket,
    finalAttempt: boolean,
    onRateLimited?: () => Promise<void>,
  ): Promise<JobOutcome> {
    // The business's own subaccount when it has one, else the platform's account.
    // A failed lookup (the database away while the snapshot reloads) is retried like a Twilio 5xx.
    const { account, slug: business } = await this.businesses
      .forSend(message.businessId)
      .catch((error: Error) => ({ account: error, slug: '' }));
    if (account instanceof Error) return this.noAccount(message, account, finalAttempt, business);
    if (windowApplies(message) && !insideWindow(message.lastInboundWhatsappAt, this.clock.now()))
      return this.outsideWindow(message, business);
    if (!this.liveness.maySend(ticket)) return this.fenced(message, business);
    try {
      const accepted = await this.twilio.send(
        {
          channel: message.channel,
          to: message.to,
          from: message.from,
          body: message.body,
          messagingServiceSid: message.messagingServiceSid,
          mediaUrls: message.mediaUrls,
          contentSid: message.contentSid,
          contentVariables: message.contentVariables,
          statusCallback: this.config.publicBaseUrl ? `${this.config.publicBaseUrl}/twilio/status` : undefined,
        },
        account,
        this.liveness.guard(ticket),
      );
      await this.messages.markAccepted(message.id, accepted);
      this.events.moved(message, parseMessageStatus(accepted.status) ?? 'queued', accepted.errorCode ?? null);
      this.counters.add('twilio_sends_total', ['accepted', '', business]);
      return JobOutcome.done('accepted by Twilio');
    } catch (error) {
      if (error instanceof SendFencedError) return this.fenced(message, business);
      const failure = classifyTwilioError(error);
      this.counters.add('twilio_sends_total', [
        failure.kind,
        String(failure.code ?? failure.status ?? 'none'),
        business,
      ]);
      // Slowing the sender down must not stand in the way of releasing this message for its retry.
      if (failure.status === 429) await onRateLimited?.().catch(() => undefined);
      return this.handleFailure(message, error, finalAttempt);
    }
  }

  /**
   * Not written to Twilio: this worker may already count as dead, and the reconciler may be
   * settling this very claim. It stays `submitting`, for the reconciler; no guessing here.
   */
  private fenced(message: Message, business: string): JobOutcome {
    this.counters.add('twilio_sends_total', ['fenced', 'none', business]);
    this.logger.warn(`Message ${message.id} not sent: ${new SendFencedError().message}; left to the reconciler`);
    return JobOutcome.done('heartbeat lapsed: not sent, left to the reconciler');
  }

  /**
   * Free text to a WhatsApp contact who has not written in 24 hours: Twilio would refuse it
   * (63016) after a round trip and a retry budget, so it is refused here with Twilio's code,
   * and never sent. Final: waiting does not open the window, only the contact writing does.
   */
  private async outsideWindow(message: Message, business: string): Promise<JobOutcome> {
    await this.unsent(message, 'failed', OUTSIDE_WINDOW_CODE, OUTSIDE_WINDOW_MESSAGE);
    this.counters.add('twilio_sends_total', ['refused_locally', String(OUTSIDE_WINDOW_CODE), business]);
    this.logger.log(`Message ${message.id} to ${maskPhone(message.to)} not sent: ${OUTSIDE_WINDOW_MESSAGE}`);
    return JobOutcome.done(`failed: outside the WhatsApp window (${OUTSIDE_WINDOW_CODE})`);
  }

  /** Twilio was not called: the business's account could not be read (the database) or opened (SECRETS_KEY). */
  private async noAccount(
    message: Message,
    error: Error,
    finalAttempt: boolean,
    business: string,
  ): Promise<JobOutcome> {
    if (error instanceof TwilioAccountUnavailableError || finalAttempt) {
      // Retrying cannot open the token: the operator must fix SECRETS_KEY.
      await this.unsent(message, 'failed', null, error.message);
      this.counters.add('twilio_sends_total', ['account_unavailable', 'none', business]);
      return JobOutcome.done(`failed: ${error.message}`);
    }
    if (!(await this.messages.releaseForRetry(message, null, error.message)))
      return JobOutcome.skipped('settled meanwhile');
    throw new TransientSendError(`The business's Twilio account could not be read: ${error.message}`);
  }

  private async handleFailure(message: Message, error: unknown, finalAttempt: boolean): Promise<JobOutcome> {
    const failure = classifyTwilioError(error);
    this.logger.warn(
      `Twilio refused message ${message.id} to ${maskPhone(message.to)}: ${failure.kind} status=${failure.status} code=${failure.code}`,
    );
    // Twilio may have it: keep the claim, and let the reconciler ask Twilio before any resend.
    if (failure.kind === 'outcome_unknown') return JobOutcome.done('no answer from Twilio: left to the reconciler');
    if (failure.kind === 'retryable' && !finalAttempt) {
      // Not released: the claim moved on (the reconciler settled it meanwhile); nothing to retry.
      if (!(await this.messages.releaseForRetry(message, failure.code, failure.message)))
        return JobOutcome.skipped('settled meanwhile');
      throw new TransientSendError(`Twilio ${failure.status ?? 'no answer'}: ${failure.message}`);
    }
    if (failure.kind === 'opted_out') {
      await this.contacts.setOptedOut(message.businessId, message.to, true, 'twilio_21610');
    }
    await this.unsent(message, 'failed', failure.code, failure.message);
    return JobOutcome.done(`failed: ${failure.kind} (${failure.code ?? failure.status ?? 'no code'})`);
  }

  /** A claimed message that will not reach Twilio: recorded, then told to the dashboard. */
  private async unsent(
    message: Message,
    status: 'failed' | 'suppressed',
    errorCode: number | null,
    errorMessage: string,
  ): Promise<void> {
    await this.messages.markUnsent(message.id, status, errorCode, errorMessage);
    this.events.moved(message, status, errorCode);
  }
}
