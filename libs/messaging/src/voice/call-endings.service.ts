import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, maskPhone } from '@app/common';
import { BusinessRoutes, CallsRepository, type EndedCall, type OwnerAlert } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { BusinessTwilio } from '../businesses/business-twilio';
import { callSummaryText } from './call-summary';

/** A call's status callback. */
export interface CallStatusUpdate {
  callSid: string;
  status: string;
  durationSeconds: number | null;
}

/**
 * Twilio's call status callbacks: a call's status and duration, its end, and, once a call that
 * booked or raised an emergency is over, a text to the owner saying who called and what came of it.
 */
@Injectable()
export class CallEndings {
  private readonly logger = new Logger(CallEndings.name);

  constructor(
    private readonly calls: CallsRepository,
    private readonly routes: BusinessRoutes,
    private readonly businesses: BusinessTwilio,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  /** Null when the call is none of ours (it is ignored, as unknown message statuses are). */
  async applyStatus(update: CallStatusUpdate): Promise<{ businessId: string } | null> {
    const applied = await this.calls.applyStatus(update, this.clock.now(), (call) => this.ownerText(call));
    if (applied?.ownerJob) {
      // Committed with its outbox row: if Redis is away now, the relay enqueues it later.
      await this.jobs
        .enqueueEntries([applied.ownerJob])
        .catch((e: Error) => this.logger.warn(`Call summary left to the relay: ${e.message}`));
    }
    return applied && { businessId: applied.businessId };
  }

  /** The owner's text about an ended call; null (logged) when the business has no owner's phone or no SMS sender. */
  private async ownerText(call: EndedCall): Promise<OwnerAlert> {
    const [business, sender] = await Promise.all([
      this.routes.byId(call.businessId),
      this.businesses.sender(call.businessId, 'sms'),
    ]);
    if (!business?.ownerPhone || !sender) {
      this.logger.log(
        `Call ${call.callSid} ended ${call.outcome}; no text to the owner: ${business?.ownerPhone ? 'the business has no SMS number to send from' : 'the business has no ownerPhone'}`,
      );
      return null;
    }
    const outcome = call.outcome === 'emergency' ? 'emergency' : 'booked';
    const id = randomUUID();
    this.logger.log(`Call ${call.callSid} ended ${outcome}: the owner is texted at ${maskPhone(business.ownerPhone)}`);
    return {
      message: {
        id,
        businessId: call.businessId,
        channel: 'sms',
        from: sender.from ?? '',
        messagingServiceSid: sender.messagingServiceSid,
        to: business.ownerPhone,
        body: callSummaryText(business.name, { ...call, outcome }),
        source: 'call_summary',
      },
      job: JobQueue.outboxEntry(JobName.SendMessage, { messageId: id }),
    };
  }
}
