import { Injectable } from '@nestjs/common';
import { OutboundSender } from '@app/messaging';
import { JobName, type JobOutcome, type JobPayload } from '@app/queue';
import { type JobContext, JobHandler } from './job-handler.decorator';

@Injectable()
export class OutboundProcessor {
  constructor(private readonly sender: OutboundSender) {}

  @JobHandler(JobName.SendMessage)
  send(payload: JobPayload<typeof JobName.SendMessage>, job: JobContext): Promise<JobOutcome> {
    return this.sender.send(payload.messageId, job.finalAttempt);
  }
}
