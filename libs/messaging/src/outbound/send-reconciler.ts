import { isTextChannel, textChannel } from '@app/common';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Message, MessageSendingRepository } from '@app/database';
import { JobName, JobQueue, RedisConnection, WorkerHeartbeat } from '@app/queue';
import { TwilioGateway } from '@app/twilio';
import { BusinessTwilio } from '../businesses/business-twilio';

/**
 * Settles sends whose worker died between claiming a message (`submitting`) and
 * recording Twilio's answer. Twilio is asked whether it has the message: if so its
 * SID and status are recorded (no second text); if not, the message goes back to
 * `pending` and is sent again. Sends whose call ended without an answer (a timeout)
 * are left here too, by OutboundSender. The one window that can still duplicate:
 * Twilio accepted it but does not list it yet when we ask.
 *
 * When to ask. A claim whose owner (`claimedBy`) may be alive waits SUBMITTING_TIMEOUT_MS:
 * a live worker may still be waiting for Twilio's answer. A claim whose owner is dead waits
 * less: a dead worker sends nothing more, and it stopped writing requests before its last
 * beat + WORKER_DEAD_AFTER_MS (its fence, see WorkerLiveness). So once that moment is
 * RECONCILE_SETTLE_MS behind (Twilio's list has had that long to show the last request),
 * and the claim itself is as old, Twilio's answer is as good as it gets. An owner with no
 * heartbeat entry at all (Redis lost it, a graceful stop, a claim from before claims had
 * owners) is not known dead: the old rule.
 */
/** Stuck sends settled at once by one run. */
const RECONCILE_CONCURRENCY = 8;

@Injectable()
export class SendReconciler {
  private readonly logger = new Logger(SendReconciler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly messages: MessageSendingRepository,
    private readonly twilio: TwilioGateway,
    private readonly jobs: JobQueue,
    private readonly redis: RedisConnection,
    private readonly businesses: BusinessTwilio,
    private readonly heartbeat: WorkerHeartbeat,
  ) {}

  async reconcile(limit = 50): Promise<{ recovered: number; resent: number }> {
    const { submittingTimeoutMs, reconcileSettleMs } = this.config.maintenance;
    const stuck = await this.messages.findStuckSubmitting(submittingTimeoutMs, limit, {
      owners: await this.settledDeadOwners(),
      afterMs: reconcileSettleMs,
    });
    // A few at a time: a crash leaves up to a worker's whole concurrency stuck at once, and one
    // Twilio list call after another would add their round trips to the recovery; a few do not
    // strain Twilio's rate limit on list calls.
    const outcomes: Array<'recovered' | 'resent' | null> = [];
    let next = 0;
    const runner = async () => {
      while (next < stuck.length) {
        const message = stuck[next++];
        // One send Twilio or the database failed on is tried again next run; the others go on.
        const outcome = await this.settle(message).catch((error: Error & { code?: unknown; status?: unknown }) => {
          // Name and codes only: a Twilio error's text can quote the recipient's number.
          this.logger.warn(
            `Cannot reconcile message ${message.id} yet: ${error.name} status=${String(error.status)} code=${String(error.code)}`,
          );
          return null;
        });
        outcomes.push(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(RECONCILE_CONCURRENCY, stuck.length) }, runner));
    const recovered = outcomes.filter((outcome) => outcome === 'recovered').length;
    const resent = outcomes.filter((outcome) => outcome === 'resent').length;
    if (recovered + resent)
      this.logger.warn(
        `Reconciled ${recovered + resent} interrupted send(s): ${recovered} found at Twilio, ${resent} re-sent`,
      );
    return { recovered, resent };
  }

  /** Asks Twilio about one stuck send, and records it or releases it for a resend. */
  private async settle(message: Message): Promise<'recovered' | 'resent' | null> {
    // A call's or a chat's answer never went to Twilio: nothing there to ask about.
    if (!isTextChannel(message.channel)) return null;
    if (!(await this.lease(message))) return null;
    const account = await this.businesses.account(message.businessId).catch((error: Error) => error);
    if (account instanceof Error) {
      this.logger.warn(`Cannot reconcile message ${message.id} yet: ${account.message}`);
      return null;
    }
    // Asked of the account it was sent through: the business's subaccount, or the platform's.
    const sent = await this.twilio.findSent(
      {
        channel: textChannel(message.channel),
        to: message.to,
        from: message.messagingServiceSid ? null : message.from,
        body: message.contentSid ? null : message.body,
        // The claim is `updatedAt`; allow for clock skew between us and Twilio.
        since: new Date(message.updatedAt.getTime() - 5 * 60_000),
      },
      account,
    );
    if (sent) {
      await this.messages.markAccepted(message.id, sent);
      return 'recovered';
    }
    const released = await this.messages.releaseForRetry(
      message,
      null,
      'reconciled: Twilio does not have it; sending again',
    );
    // Another reconciler got there first, or a new attempt already holds it.
    if (!released) return null;
    const job = JobQueue.outboxEntry(JobName.SendMessage, { messageId: message.id, resend: message.attempts });
    await this.jobs.enqueueEntries([job]);
    return 'resent';
  }

  /**
   * Workers dead long enough that whatever they sent has settled at Twilio: last beat more
   * than WORKER_DEAD_AFTER_MS + RECONCILE_SETTLE_MS ago, on Redis's clock (the beats' own).
   * Without Redis, none: every claim then waits for the submitting timeout.
   */
  private async settledDeadOwners(): Promise<string[]> {
    const { workerDeadAfterMs, reconcileSettleMs } = this.config.maintenance;
    const seen = await this.heartbeat.lastSeen().catch((error: Error) => {
      this.logger.warn(`Worker heartbeats unreadable, reconciling by the submitting timeout only: ${error.message}`);
      return null;
    });
    if (!seen) return [];
    const dead: string[] = [];
    for (const [owner, lastBeat] of seen.beats)
      if (seen.now - lastBeat > workerDeadAfterMs + reconcileSettleMs) dead.push(owner);
    return dead;
  }

  /**
   * Reconciliation runs as a scheduled job, once per interval for the cluster, but
   * runs can overlap (a slow run and the next one; a run stalled on a dead worker
   * and re-run). One at a time per stuck attempt, so Twilio is asked once rather
   * than once per run (its list API is rate limited, and a crash can leave
   * hundreds). The lease lapses after the submitting timeout, so a reconciler that dies
   * holding it delays the next one, not forever. Without Redis, go ahead: the release's
   * compare-and-set keeps a second reconciler harmless, only redundant.
   */
  private async lease(message: Message): Promise<boolean> {
    const key = `${this.config.queue.prefix}:reconcile:${message.id}:${message.attempts}`;
    try {
      return (await this.redis.client.set(key, '1', 'PX', this.config.maintenance.submittingTimeoutMs, 'NX')) === 'OK';
    } catch {
      return true;
    }
  }
}
