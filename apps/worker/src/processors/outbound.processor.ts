import { OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '@app/config';
import { OutboundSender } from '@app/messaging';
import { JobName, JobPayload, QueueName, WORKER_NAME } from '@app/queue';

@Processor(QueueName.Outbound, { name: WORKER_NAME })
export class OutboundProcessor extends WorkerHost implements OnApplicationBootstrap {
  static readonly handles = [JobName.SendMessage] as const;

  constructor(
    private readonly config: AppConfig,
    private readonly sender: OutboundSender,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.queue.concurrency;
  }

  async process(job: Job<JobPayload<JobName.SendMessage>>): Promise<string> {
    if (job.name !== JobName.SendMessage) {
      throw new UnrecoverableError(`unknown job ${job.name} on queue ${job.queueName}`);
    }
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.sender.send(job.data.messageId, finalAttempt);
  }
}
