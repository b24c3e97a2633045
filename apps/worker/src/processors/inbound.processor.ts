import { OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '@app/config';
import { ReplyService } from '@app/messaging';
import { JobName, JobPayload, QueueName, WORKER_NAME } from '@app/queue';

@Processor(QueueName.Inbound, { name: WORKER_NAME })
export class InboundProcessor extends WorkerHost implements OnApplicationBootstrap {
  static readonly handles = [JobName.ReplyToInbound] as const;

  constructor(
    private readonly config: AppConfig,
    private readonly replies: ReplyService,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.queue.concurrency;
  }

  async process(job: Job<JobPayload<JobName.ReplyToInbound>>): Promise<string> {
    if (job.name !== JobName.ReplyToInbound) {
      throw new UnrecoverableError(`unknown job ${job.name} on queue ${job.queueName}`);
    }
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.replies.replyTo(job.data.messageId, finalAttempt);
  }
}
