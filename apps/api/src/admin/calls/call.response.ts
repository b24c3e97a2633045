import { ApiProperty } from '@nestjs/swagger';
import type { Call, CallOutcome, CallTurn } from '@app/database';
import { CALL_OUTCOMES } from './calls.dto';

export class CallTurnResponse {
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-02T09:30:00.000Z' })
  at: string;

  @ApiProperty({ enum: ['caller', 'assistant'], example: 'caller' })
  speaker: 'caller' | 'assistant';

  @ApiProperty({ type: String, example: 'My basement is flooding' })
  text: string;

  @ApiProperty({
    type: Number,
    required: false,
    description: "Twilio's confidence in the transcription (0–1), for the caller's words.",
    example: 0.92,
  })
  confidence?: number;
}

/** A call in a list: who called, how it went; its transcript is on GET /api/calls/:sid. */
export class CallSummaryResponse {
  @ApiProperty({ type: String, example: 'CA0123456789abcdef0123456789abcdef' })
  callSid: string;

  @ApiProperty({ type: String, description: 'The caller: E.164, or "anonymous".', example: '+15557654321' })
  from: string;

  @ApiProperty({ type: String, description: 'The business number called (E.164).', example: '+15550001111' })
  to: string;

  @ApiProperty({
    type: String,
    description:
      "Twilio's CallStatus as last reported: ringing, in-progress, completed, busy, no-answer, failed, canceled.",
    example: 'completed',
  })
  status: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Seconds, once it ended.', example: 42 })
  durationSeconds: number | null;

  @ApiProperty({
    enum: CALL_OUTCOMES,
    nullable: true,
    description:
      'booked, emergency, info (the caller spoke, nothing booked) or abandoned (hung up before saying anything); null while it goes on.',
    example: 'info',
  })
  outcome: CallOutcome | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-02T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-02T09:30:42.000Z' })
  endedAt: Date | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      "The owner's text about the call (a message, source call_summary): sent once a call that booked or raised an emergency ended, when the business has an ownerPhone.",
    example: null,
  })
  ownerMessageId: string | null;
}

export class CallResponse extends CallSummaryResponse {
  @ApiProperty({ type: [CallTurnResponse], description: 'Who said what, in order, the greeting first.' })
  turns: CallTurnResponse[];
}

export class CallList {
  @ApiProperty({ type: [CallSummaryResponse] })
  items: CallSummaryResponse[];
}

export function toCallSummary(c: Call): CallSummaryResponse {
  return {
    callSid: c.callSid,
    from: c.from,
    to: c.to,
    status: c.status,
    durationSeconds: c.durationSeconds,
    outcome: c.outcome,
    createdAt: c.createdAt,
    endedAt: c.endedAt,
    ownerMessageId: c.ownerMessageId,
  };
}

export function toCallResponse(c: Call): CallResponse {
  return { ...toCallSummary(c), turns: c.turns as unknown as CallTurn[] };
}
