import { Body, Controller, Header, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { CallEndings, IncomingCallsService, type VoiceAnswer, VoiceTurnsService } from '@app/messaging';
import { WEBHOOK_BUSINESS, WEBHOOK_RESULT } from '../metrics/metrics.service';
import { parseCallerTurnForm, parseCallForm, parseCallStatusForm, TwilioForm } from './twilio-form';
import { VoiceAnswerQuery } from './voice-answer.query';
import { TwilioWebhook, type WebhookRequest } from './twilio-webhook.decorator';
import { TWILIO_CALL_FORM, TWILIO_CALL_STATUS_FORM, TWILIO_CALLER_TURN_FORM } from './twilio-webhook.schema';
import { EMPTY_TWIML } from './twilio-webhooks.controller';

const GREETING_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="speech" action="/twilio/voice/turn" method="POST" speechTimeout="auto"><Say>Thanks for calling Acme Plumbing. How can we help you today?</Say><Say>If anyone is in danger, call 911 now.</Say></Gather><Redirect method="POST">/twilio/voice/turn</Redirect></Response>';

const TURN_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="speech" action="/twilio/voice/turn" method="POST" speechTimeout="auto"><Say>Booked: Wed 2 Dec at 9:00 AM. Reply CANCEL APPOINTMENT to cancel.</Say></Gather><Redirect method="POST">/twilio/voice/turn</Redirect></Response>';

/** The TwiML, with the request marked with its business for the metrics (calls, turns and their latency by business). */
function said(request: WebhookRequest, answer: VoiceAnswer): string {
  if (answer.business) request[WEBHOOK_BUSINESS] = answer.business;
  return answer.twiml;
}

/** Twilio Voice: signed like the messaging webhooks (the number's voice URL and status callback). */
@TwilioWebhook()
@Controller('twilio/voice')
export class TwilioVoiceController {
  constructor(
    private readonly config: AppConfig,
    private readonly calls: IncomingCallsService,
    private readonly turns: VoiceTurnsService,
    private readonly endings: CallEndings,
  ) {}

  /**
   * What the caller said: through the same engine as a text (emergencies, booking, the AI), and the
   * answer said back with the next <Gather>; <Hangup/> when the caller is done. An answer not ready
   * within VOICE_AI_TIMEOUT_MS gets a holding phrase and a <Redirect> to /twilio/voice/answer.
   */
  @Post('turn')
  @HttpCode(200)
  @ApiBody({ schema: TWILIO_CALLER_TURN_FORM })
  @ApiOkResponse({
    description: 'TwiML: the answer (<Say>) and the next <Gather>; or a holding phrase and a <Redirect>; or <Hangup/>',
    content: { 'text/xml': { schema: { type: 'string' }, example: TURN_TWIML } },
  })
  @Header('Content-Type', 'text/xml')
  async turn(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    return said(request, await this.turns.take(parseCallerTurnForm(form)));
  }

  /** Twilio back for an answer that was not ready in time (the URL is the holding phrase's <Redirect>). */
  @Post('answer')
  @HttpCode(200)
  @ApiBody({ schema: TWILIO_CALLER_TURN_FORM })
  @ApiOkResponse({
    description:
      'TwiML: the answer and the next <Gather>; still not ready, another holding phrase (at most 3), then a goodbye',
    content: { 'text/xml': { schema: { type: 'string' }, example: TURN_TWIML } },
  })
  @Header('Content-Type', 'text/xml')
  async answer(
    @Body() form: TwilioForm,
    @Query() query: VoiceAnswerQuery,
    @Req() request: WebhookRequest,
  ): Promise<string> {
    return said(request, await this.turns.collect(parseCallerTurnForm(form).callSid, query.turn, query.wait));
  }

  /** A call comes in: the business's greeting and safety line, then it listens; <Reject/> for an unknown number or a suspended business. */
  @Post()
  @HttpCode(200)
  @ApiBody({ schema: TWILIO_CALL_FORM })
  @ApiOkResponse({
    description: 'TwiML: <Say> the greeting and safety line inside a speech <Gather>, or <Reject/>',
    content: { 'text/xml': { schema: { type: 'string' }, example: GREETING_TWIML } },
  })
  @Header('Content-Type', 'text/xml')
  async incoming(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    const { twiml, business } = await this.calls.answer(parseCallForm(form, this.config.defaultCountry));
    if (business) request[WEBHOOK_BUSINESS] = business;
    return twiml;
  }

  /**
   * Twilio's call status callback: the call's status, and its duration and outcome once it ended;
   * the owner is texted once a call that booked or raised an emergency is over.
   */
  @Post('status')
  @HttpCode(200)
  @ApiBody({ schema: TWILIO_CALL_STATUS_FORM })
  @ApiOkResponse({
    description: 'Empty TwiML: recorded (or ignored: a call that is none of ours)',
    content: { 'text/xml': { schema: { type: 'string' }, example: EMPTY_TWIML } },
  })
  @Header('Content-Type', 'text/xml')
  async status(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    const call = await this.endings.applyStatus(parseCallStatusForm(form));
    if (!call) request[WEBHOOK_RESULT] = 'ignored';
    return EMPTY_TWIML;
  }
}
