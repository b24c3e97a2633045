import { textChannel } from '@app/common';
import { contentVariablesObject, ContentSidProperty, ContentVariablesProperty } from '../template.response';
import { ApiProperty } from '@nestjs/swagger';
import type { Reminder } from '@app/database';
import { upcomingRuns } from '@app/messaging';

/** How many upcoming runs a reminder's answer lists. */
export const RUNS_SHOWN = 5;

/** A recurring message: every `intervalSeconds`, or on `cron` in `timezone`. */
export class ReminderResponse {
  @ApiProperty({ type: String, format: 'uuid', example: 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f' })
  id: string;

  @ApiProperty({ type: String, description: 'E.164.', example: '+15557654321' })
  to: string;

  @ApiProperty({ enum: ['sms', 'whatsapp'], example: 'sms' })
  channel: 'sms' | 'whatsapp';

  @ApiProperty({ type: String, nullable: true, description: 'Null: the configured default sender.', example: null })
  from: string | null;

  @ApiProperty({ type: String, example: 'Take your medication' })
  body: string;

  @ContentSidProperty()
  contentSid: string | null;

  @ContentVariablesProperty()
  contentVariables: Record<string, string> | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Set for an interval schedule (else cron is).',
    example: 86400,
  })
  intervalSeconds: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Set for a cron schedule (else intervalSeconds is).',
    example: null,
  })
  cron: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'IANA time zone of the cron schedule; null: UTC.',
    example: null,
  })
  timezone: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  startAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  endAt: Date | null;

  @ApiProperty({ type: Boolean, example: true })
  enabled: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The next occurrence; null once the schedule has ended.',
    example: '2025-01-16T09:30:00.000Z',
  })
  nextRunAt: Date | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    isArray: true,
    description: 'The next five runs from nextRunAt (fewer when endAt comes first); none while disabled.',
    example: ['2025-01-16T09:30:00.000Z', '2025-01-17T09:30:00.000Z'],
  })
  nextRuns: Date[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  lastSentAt: Date | null;

  @ApiProperty({ type: 'integer', example: 0 })
  sendCount: number;

  @ApiProperty({
    type: 'integer',
    description: 'Occurrences not sent: missed while no worker ran, or the contact opted out.',
    example: 0,
  })
  skippedCount: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last occurrence was skipped, or what was missed before it; null when it went as planned.',
    example: null,
  })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-01-15T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-01-15T09:30:00.000Z' })
  updatedAt: Date;
}

export class ReminderList {
  @ApiProperty({ type: ReminderResponse, isArray: true })
  items: ReminderResponse[];
}

export function toReminderResponse(r: Reminder): ReminderResponse {
  return {
    id: r.id,
    to: r.to,
    channel: textChannel(r.channel),
    from: r.from,
    body: r.body,
    contentSid: r.contentSid,
    contentVariables: contentVariablesObject(r.contentVariables),
    intervalSeconds: r.intervalSeconds,
    cron: r.cron,
    timezone: r.timezone,
    startAt: r.startAt,
    endAt: r.endAt,
    enabled: r.enabled,
    nextRunAt: r.nextRunAt,
    nextRuns: upcomingRuns(r, r.enabled ? r.nextRunAt : null, RUNS_SHOWN),
    lastSentAt: r.lastSentAt,
    sendCount: r.sendCount,
    skippedCount: r.skippedCount,
    lastError: r.lastError,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
