import { Injectable } from '@nestjs/common';
import { ReplyService } from '@app/messaging';
import { JobName, type JobOutcome, type JobPayload } from '@app/queue';
import { type JobContext, JobHandler } from './job-handler.decorator';

@Injectable()
export class InboundProcessor {
  constructor(private readonly replies: ReplyService) {}

  @JobHandler(JobName.ReplyToInbound)
  reply(payload: JobPayload<typeof JobName.ReplyToInbound>, job: JobContext): Promise<JobOutcome> {
    return this.replies.replyTo(payload.messageId, job.finalAttempt);
  }
}
