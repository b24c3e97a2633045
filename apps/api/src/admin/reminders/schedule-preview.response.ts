import { ApiProperty } from '@nestjs/swagger';

/** What a schedule would do if saved now: its first runs, by the same rules the workers fire them by. */
export class SchedulePreviewResponse {
  @ApiProperty({
    type: String,
    format: 'date-time',
    isArray: true,
    description: 'The next five runs (fewer when endAt comes first; none when the schedule would never run).',
    example: ['2026-12-07T08:00:00.000Z', '2026-12-08T08:00:00.000Z'],
  })
  runs: Date[];
}
