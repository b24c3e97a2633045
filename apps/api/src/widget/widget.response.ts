import { ApiProperty } from '@nestjs/swagger';
import type { WidgetAnswer, WidgetExchange } from '@app/messaging';

export class WidgetAnswerResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, example: 'We are open 9 to 5, Monday to Friday.' })
  text: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'Ask for later answers with `after` set to this.' })
  createdAt: Date;
}

/** What became of a visitor's message. */
export class WidgetExchangeResponse {
  @ApiProperty({ type: String, format: 'uuid', description: 'The visitor’s message as stored.' })
  inboundId: string;

  @ApiProperty({
    enum: ['answered', 'pending'],
    description:
      '`pending` (with 202): not answered within WIDGET_REPLY_TIMEOUT_MS; GET /api/widget/messages picks the answer up.',
  })
  status: 'answered' | 'pending';

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The answer’s text (its parts joined); null while pending.',
    example: 'We are open 9 to 5, Monday to Friday.',
  })
  reply: string | null;

  @ApiProperty({ type: WidgetAnswerResponse, isArray: true, description: 'The answer’s parts; empty while pending.' })
  answers: WidgetAnswerResponse[];

  @ApiProperty({ enum: ['web'], description: 'The conversation’s channel, as GET /api/conversations shows it.' })
  channel: 'web';
}

export class WidgetAnswerList {
  @ApiProperty({ type: WidgetAnswerResponse, isArray: true, description: 'Oldest first, at most 50.' })
  answers: WidgetAnswerResponse[];
}

export function toWidgetAnswer(answer: WidgetAnswer): WidgetAnswerResponse {
  return { id: answer.id, text: answer.text, createdAt: answer.createdAt };
}

export function toWidgetExchange(exchange: WidgetExchange): WidgetExchangeResponse {
  const answers = (exchange.answers ?? []).map(toWidgetAnswer);
  return {
    inboundId: exchange.inboundId,
    status: exchange.answers ? 'answered' : 'pending',
    reply: exchange.answers ? answers.map((a) => a.text).join('\n') : null,
    answers,
    channel: 'web',
  };
}
