import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { MAX_ANSWER_WAITS } from '@app/messaging';

/** Where the holding phrase's <Redirect> sends Twilio: which turn's answer, and how many waits so far. */
export class VoiceAnswerQuery {
  /** The caller's turn (its message id). */
  @IsUUID() turn: string;
  /** 2 on the first return, up to MAX_ANSWER_WAITS. */
  @Type(() => Number) @IsInt() @Min(2) @Max(MAX_ANSWER_WAITS) wait: number;
}
