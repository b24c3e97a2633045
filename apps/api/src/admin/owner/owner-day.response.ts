import { ApiProperty } from '@nestjs/swagger';

/** Which local day an owner's answer is about, and on which clock. */
export class OwnerDayResponse {
  @ApiProperty({ type: String, format: 'date', description: 'The day, in `timezone`.', example: '2026-12-03' })
  date: string;

  @ApiProperty({
    type: String,
    description: 'The business’s time zone, else DEFAULT_TIMEZONE.',
    example: 'America/New_York',
  })
  timezone: string;
}
