import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { GroupCommit, type OutboxEntry } from '@app/common';
import { PrismaService } from './prisma.service';
import { decodeRows } from './rows';
import { STATEMENT_BATCHING } from './statement-batching';

const outboxRow = z.object({ jobName: z.string(), jobId: z.string(), payload: z.record(z.string(), z.unknown()) });

/**
 * The transactional outbox (table `outbox`). Rows are written in the same
 * transaction as the data they are about, and deleted when their job finishes,
 * so work survives Redis being down or losing its data.
 */
@Injectable()
export class OutboxRepository {
  /** Jobs finishing together drop their rows together: one DELETE per batch (see GroupCommit). */
  private readonly completions = new GroupCommit(async (jobIds: string[]) => {
    // One array parameter: the same statement text (one prepared statement) for any batch size.
    await this.prisma.$executeRaw`DELETE FROM outbox WHERE "jobId" = ANY(${jobIds}::text[])`;
    return jobIds.map(() => undefined);
  }, STATEMENT_BATCHING);

  constructor(private readonly prisma: PrismaService) {}

  /** The job finished (done or given up): its row is no longer needed. */
  complete(jobId: string): Promise<void> {
    return this.completions.submit(jobId);
  }

  /**
   * Rows whose job may never have reached Redis or was lost there: older than
   * `olderThanMs` (a relayed row's clock restarts, so each is relayed at most once per
   * that interval). Claimed with SKIP LOCKED so relays in several workers split the work.
   */
  async relay(olderThanMs: number, limit: number, enqueue: (entries: OutboxEntry[]) => Promise<void>): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const due = decodeRows(
        outboxRow,
        await tx.$queryRaw`
        SELECT "jobName", "jobId", payload FROM outbox
        WHERE "createdAt" < now() - make_interval(secs => ${olderThanMs / 1000})
        ORDER BY "createdAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`,
      );
      if (due.length === 0) return 0;
      await enqueue(due);
      // Pushed back so the same rows are retried later, not on every tick.
      await tx.$executeRaw`
        UPDATE outbox SET "createdAt" = now() WHERE "jobId" = ANY(${due.map((d) => d.jobId)}::text[])`;
      return due.length;
    });
  }
}
