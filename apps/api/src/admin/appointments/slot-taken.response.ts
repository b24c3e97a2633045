import { ApiProperty } from '@nestjs/swagger';

class TimeSpanResponse {
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-07T15:00:00.000Z' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-07T16:00:00.000Z' }) endsAt: string;
}

/** A 409: the time asked for is taken (or its day is full), with what it collided with and what is free. */
export class SlotTakenResponse {
  @ApiProperty({ type: 'integer', example: 409 }) statusCode: number;
  @ApiProperty({ type: String, example: 'Conflict' }) error: string;
  @ApiProperty({ type: String, example: 'that time is already booked' }) message: string;
  @ApiProperty({
    type: TimeSpanResponse,
    description: 'The booked appointment in the way (or the span asked for, for a full day).',
  })
  conflict: TimeSpanResponse;
  @ApiProperty({ type: [TimeSpanResponse], description: 'The next free slots after the time asked for.' })
  nextSlots: TimeSpanResponse[];
}
