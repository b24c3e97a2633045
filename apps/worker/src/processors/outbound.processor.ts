import { Injectable } from '@nestjs/common';
import { OutboundSender } from '@app/messaging';
import { JobName, JobPayload } from '@app/queue';
import { JobHandler } from './job-handler';

@Injectable()
export class OutboundProcessor implements JobHandler<JobName.SendMessage> {
  readonly jobName = JobName.SendMessage;

  constructor(private readonly sender: OutboundSender) {}

  handle(payload: JobPayload<JobName.SendMessage>, _job: unknown, finalAttempt: boolean): Promise<string> {
    return this.sender.send(payload.messageId, finalAttempt);
  }
}
