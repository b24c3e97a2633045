import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { WORKER_NAME } from './job-options';
import { WorkerHeartbeat } from './worker-heartbeat';

/** Each worker beats this often, on a timer of its own (nothing else waits in it). */
export const HEARTBEAT_INTERVAL_MS = 1_000;

/**
 * A worker stops handing sends to Twilio this long before the reconciler may count it dead
 * (WORKER_DEAD_AFTER_MS). It covers what lies between the check and the bytes reaching the
 * kernel (synchronous: microseconds) and the drift between this process's monotonic clock and
 * Redis's clock over a few seconds (milliseconds at most), with room to spare.
 */
export const WORKER_FENCE_MARGIN_MS = 1_000;

/** What a worker holds for a send it claimed: the liveness period it claimed it in. */
export interface SendTicket {
  readonly epoch: number;
}

/** Thrown by the write guard when a claimed send may no longer go to Twilio. */
export class SendFencedError extends Error {
  constructor() {
    super('heartbeat lapsed: this worker may count as dead, so it sends no more of its claims');
    this.name = 'SendFencedError';
  }
}

/**
 * The fence between a worker that looks dead and the reconciler that settles its claims.
 *
 * The reconciler counts a send's owner dead once the owner's last beat (Redis's clock) is more
 * than WORKER_DEAD_AFTER_MS old, and only then resends without the full SUBMITTING_TIMEOUT_MS.
 * A worker is not always dead when it looks so: an event loop stalled under CPU load, or Redis
 * slow to answer, stops its beats while it still holds claims it means to send. So a worker
 * sends a claimed message only while it can prove the reconciler has never counted it dead
 * since the claim:
 * - "now − (send time of its last acknowledged beat) ≤ dead-after − margin" at the moment the
 *   request is written (the write guard; a request can wait in the connection pool). That beat
 *   reached Redis no earlier than it was sent, so at any moment up to the write its score is less
 *   than dead-after old;
 * - and no gap between acknowledged beats was that long since the claim: each acknowledgement
 *   that comes after such a gap starts a new epoch, and a ticket of an older epoch is refused
 *   (a worker frozen for a minute, then beating again, must not send what it claimed before).
 * Hence the last request a dead owner can have written left before (its last beat + dead-after
 * − margin), which the reconciler waits past, plus RECONCILE_SETTLE_MS for Twilio to list it.
 * A refused send stays `submitting`, for the reconciler (we never guess whether Twilio has it).
 */
@Injectable()
export class WorkerLiveness {
  readonly owner = WORKER_NAME;
  private readonly fenceMs: number;
  private lastBeatSentAt = Number.NEGATIVE_INFINITY;
  private epoch = 0;
  /** Monotonic milliseconds: wall-clock jumps must not open or close the fence. Replaceable in tests. */
  monotonicNow: () => number = () => performance.now();

  constructor(
    config: AppConfig,
    private readonly heartbeat: WorkerHeartbeat,
  ) {
    this.fenceMs = config.maintenance.workerDeadAfterMs - WORKER_FENCE_MARGIN_MS;
  }

  /** One beat; the fence moves only once Redis has acknowledged it. */
  async beat(): Promise<void> {
    const sentAt = this.monotonicNow();
    await this.heartbeat.beat(this.owner);
    // A gap longer than the fence: the reconciler may have counted this worker dead meanwhile.
    if (this.fenced()) this.epoch++;
    this.lastBeatSentAt = Math.max(this.lastBeatSentAt, sentAt);
  }

  /** Says whether this worker's beats have lapsed for longer than the fence. */
  fenced(): boolean {
    return this.monotonicNow() - this.lastBeatSentAt > this.fenceMs;
  }

  /** What to claim a send with; null while fenced (claim nothing: it could not be sent). */
  ticket(): SendTicket | null {
    return this.fenced() ? null : { epoch: this.epoch };
  }

  /** Whether a send claimed with `ticket` may still be written to Twilio now. */
  maySend(ticket: SendTicket): boolean {
    return ticket.epoch === this.epoch && !this.fenced();
  }

  /** The write guard for one send (see TwilioGateway.send): throws SendFencedError once it may not. */
  guard(ticket: SendTicket): () => void {
    return () => {
      if (!this.maySend(ticket)) throw new SendFencedError();
    };
  }
}
