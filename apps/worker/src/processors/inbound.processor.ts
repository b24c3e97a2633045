import { Injectable } from '@nestjs/common';
import { ReplyService } from '@app/messaging';
import { JobName, JobPayload } from '@app/queue';
import { JobHandler } from './job-handler';

@Injectable()
export class InboundProcessor implements JobHandler<JobName.ReplyToInbound> {
  readonly jobName = JobName.ReplyToInbound;

  constructor(private readonly replies: ReplyService) {}

  handle(payload: JobPayload<JobName.ReplyToInbound>, _job: unknown, finalAttempt: boolean): Promise<string> {
    return this.replies.replyTo(payload.messageId, finalAttempt);
  }
}
