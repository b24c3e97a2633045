import { Injectable } from '@nestjs/common';
import { CalendarSyncService } from '@app/messaging';
import { JobName, type JobOutcome, type JobPayload } from '@app/queue';
import { JobHandler } from './job-handler.decorator';

@Injectable()
export class CalendarProcessor {
  constructor(private readonly calendar: CalendarSyncService) {}

  /** Throws while Google fails, so BullMQ retries with the job's backoff (the appointment shows `failed` meanwhile). */
  @JobHandler(JobName.SyncCalendar)
  sync(payload: JobPayload<typeof JobName.SyncCalendar>): Promise<JobOutcome> {
    return this.calendar.sync(payload.appointmentId, payload.revision);
  }
}
