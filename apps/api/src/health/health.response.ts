import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HEARTBEAT_TTL_MS, QueueName } from '@app/queue';

export class WorkerResponse {
  @ApiProperty({ type: String, example: 'worker-1' })
  name: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'Its last heartbeat.',
    example: '2025-01-15T09:30:00.000Z',
  })
  lastSeen: string;
}

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'ok' })
  status: 'ok' | 'degraded';

  @ApiProperty({ enum: ['ok', 'down'], description: 'PostgreSQL.', example: 'ok' })
  db: string;

  @ApiProperty({ enum: ['ok', 'down'], example: 'ok' })
  redis: string;

  // Keyed by queue name; a queue whose counts did not come back in time is null.
  @ApiPropertyOptional({
    type: 'object',
    description: `Jobs per queue (${Object.values(QueueName).join(', ')}); absent while Redis is down.`,
    additionalProperties: {
      type: 'object',
      nullable: true,
      properties: {
        waiting: { type: 'integer' },
        active: { type: 'integer' },
        delayed: { type: 'integer' },
        failed: { type: 'integer' },
      },
    },
    example: Object.fromEntries(
      Object.values(QueueName).map((name) => [name, { waiting: 0, active: 0, delayed: 0, failed: 0 }]),
    ),
  })
  queues?: Record<string, Record<string, number> | null>;

  @ApiPropertyOptional({
    type: WorkerResponse,
    isArray: true,
    description: `Workers heard from in the last ${HEARTBEAT_TTL_MS / 1000} s; absent while Redis is down.`,
  })
  workers?: WorkerResponse[];
}
