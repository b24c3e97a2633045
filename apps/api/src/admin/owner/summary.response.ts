import { ApiProperty } from '@nestjs/swagger';
import { OwnerDayResponse } from './owner-day.response';
import type { OwnerSummary } from '@app/messaging';

/** What a day came to, counted for the business's local day, and the same said aloud. */
export class SummaryResponse extends OwnerDayResponse {
  @ApiProperty({
    type: 'integer',
    description: 'Appointments created that day, whatever became of them since.',
    example: 2,
  })
  newBookings: number;

  @ApiProperty({
    type: 'integer',
    description: 'Appointments cancelled that day (status cancelled, last changed that day).',
    example: 1,
  })
  cancellations: number;

  @ApiProperty({ type: 'integer', description: 'Emergency appointments created that day.', example: 1 })
  emergencies: number;

  @ApiProperty({ type: 'integer', description: 'Messages received that day.', example: 14 })
  inboundMessages: number;

  @ApiProperty({
    type: 'integer',
    description:
      'Customers whose last message that day was theirs, with no reply after it (campaigns, reminders and texts that were never sent are no reply).',
    example: 3,
  })
  unansweredConversations: number;

  @ApiProperty({
    type: String,
    description: 'For a voice assistant or a text.',
    example:
      'Today: 2 new bookings, 1 cancellation and 1 emergency. 14 messages came in; 3 conversations are waiting for a reply.',
  })
  text: string;
}

export function toSummaryResponse({ day, counts, text }: OwnerSummary): SummaryResponse {
  return {
    date: day.date,
    timezone: day.timezone,
    newBookings: counts.newBookings,
    cancellations: counts.cancellations,
    emergencies: counts.emergencies,
    inboundMessages: counts.inboundMessages,
    unansweredConversations: counts.unansweredConversations,
    text,
  };
}
