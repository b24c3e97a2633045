import { Injectable } from '@nestjs/common';
import { CampaignDispatcher } from '@app/messaging';
import { JobName, type JobOutcome, type JobPayload } from '@app/queue';
import { type JobContext, JobHandler } from './job-handler.decorator';

type CampaignSend = JobPayload<typeof JobName.CampaignSend>;

@Injectable()
export class CampaignProcessor {
  constructor(private readonly dispatcher: CampaignDispatcher) {}

  @JobHandler(JobName.CampaignFanout)
  fanout(step: JobPayload<typeof JobName.CampaignFanout>): Promise<JobOutcome> {
    return this.dispatcher.fanout(step);
  }

  @JobHandler(JobName.CampaignSendBatch)
  sendBatch(batch: JobPayload<typeof JobName.CampaignSendBatch>): Promise<JobOutcome> {
    return this.dispatcher.sendBatch(batch);
  }

  @JobHandler(JobName.CampaignSend)
  send(payload: CampaignSend, job: JobContext): Promise<JobOutcome<CampaignSend>> {
    return this.dispatcher.send(payload, job.finalAttempt);
  }
}
