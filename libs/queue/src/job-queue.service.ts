import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { JOB_QUEUE, JobName, JobPayload } from './job-catalogue';
import { jobOptions } from './job-options';

/** The one way to enqueue work: typed payloads, options from one place. */
@Injectable()
export class JobQueue {
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void> {
    await this.queueFor(name).add(name, payload, jobOptions(name, payload));
  }

  async enqueueMany<N extends JobName>(name: N, payloads: JobPayload<N>[]): Promise<void> {
    if (payloads.length === 0) return;
    await this.queueFor(name).addBulk(payloads.map((data) => ({ name, data, opts: jobOptions(name, data) })));
  }

  queueFor(name: JobName): Queue {
    const queueName = JOB_QUEUE[name];
    let queue = this.queues.get(queueName);
    if (!queue) {
      queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
      this.queues.set(queueName, queue);
    }
    return queue;
  }
}
