import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { CampaignDispatcher } from '@app/messaging';
import { JobName, JobPayload } from '@app/queue';
import { JobHandler } from './job-handler';

@Injectable()
export class CampaignFanoutProcessor implements JobHandler<JobName.CampaignFanout> {
  readonly jobName = JobName.CampaignFanout;

  constructor(private readonly dispatcher: CampaignDispatcher) {}

  handle(payload: JobPayload<JobName.CampaignFanout>): Promise<string> {
    return this.dispatcher.fanout(payload);
  }
}

@Injectable()
export class CampaignSendProcessor implements JobHandler<JobName.CampaignSend> {
  readonly jobName = JobName.CampaignSend;

  constructor(private readonly dispatcher: CampaignDispatcher) {}

  handle(payload: JobPayload<JobName.CampaignSend>, job: Job, finalAttempt: boolean, token?: string): Promise<string> {
    return this.dispatcher.send(payload, job, token, finalAttempt);
  }
}
