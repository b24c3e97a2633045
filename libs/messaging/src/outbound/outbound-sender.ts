import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ContactsRepository, Message, MessageSendingRepository } from '@app/database';
import { JobOutcome, SharedCounters } from '@app/queue';
import { classifyTwilioError, TwilioGateway } from '@app/twilio';
import { maskPhone } from '@app/common';

/** Thrown for a transient Twilio failure so the queue retries the job with backoff. */
export class TransientSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientSendError';
  }
}

/**
 * Hands one stored outbound message to Twilio, at most once: the database claim
 * (pending -> submitting) decides which worker sends, the opt-out is re-checked
 * right before the call, and Twilio's answer classifies what happens next.
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
  ) {}

  async send(messageId: string, finalAttempt: boolean): Promise<JobOutcome> {
    const claimed = await this.messages.claimForSending(messageId);
    if (!claimed) return JobOutcome.skipped('not pending');
    const { recipientOptedOut, ...message } = claimed;
    // Keyword answers (STOP's confirmation, HELP) are the only texts an opted-out contact gets.
    if (message.source !== 'keyword' && recipientOptedOut) {
      await this.messages.markUnsent(message.id, 'suppressed', null, 'recipient opted out');
      return JobOutcome.skipped('recipient opted out: suppressed');
    }
    return this.deliver(message, finalAttempt);
  }

  /**
   * Calls Twilio for a message this caller has claimed (`submitting`). A 429 or
   * 5xx puts it back to `pending` and throws, so the job retries with backoff.
   */
  async deliver(message: Message, finalAttempt: boolean, onRateLimited?: () => Promise<void>): Promise<JobOutcome> {
    try {
      const accepted = await this.twilio.send({
        channel: message.channel,
        to: message.to,
        from: message.from,
        body: message.body,
        messagingServiceSid: message.messagingServiceSid,
        mediaUrls: message.mediaUrls,
        statusCallback: this.config.publicBaseUrl ? `${this.config.publicBaseUrl}/twilio/status` : undefined,
      });
      await this.messages.markAccepted(message.id, accepted);
      this.counters.add('twilio_sends_total', ['accepted', '']);
      return JobOutcome.done('accepted by Twilio');
    } catch (error) {
      const failure = classifyTwilioError(error);
      this.counters.add('twilio_sends_total', [failure.kind, String(failure.code ?? failure.status ?? 'none')]);
      // Slowing the sender down must not stand in the way of releasing this message for its retry.
      if (failure.status === 429) await onRateLimited?.().catch(() => undefined);
      return this.handleFailure(message, error, finalAttempt);
    }
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
    await this.messages.markUnsent(message.id, 'failed', failure.code, failure.message);
    return JobOutcome.done(`failed: ${failure.kind} (${failure.code ?? failure.status ?? 'no code'})`);
  }
}
