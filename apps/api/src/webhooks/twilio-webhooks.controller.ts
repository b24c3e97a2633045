import { Body, Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../errors/api-errors.decorator';
import { ErrorResponse } from '../errors/error.response';
import { WEBHOOK_RESULT, type WebhookResult } from '../metrics/metrics.service';
import { parseInboundForm, parseStatusForm, TwilioForm } from './twilio-form';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TWILIO_INBOUND_FORM, TWILIO_STATUS_FORM } from './twilio-webhook.schema';
import { TwilioWebhooksService } from './twilio-webhooks.service';

type WebhookRequest = FastifyRequest & { [WEBHOOK_RESULT]?: WebhookResult };

/** An empty TwiML answer: "received, no message from this response" (replies go out via the REST API). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** What Twilio gets back: TwiML, not JSON. */
const TWIML_ANSWER = {
  description: 'Empty TwiML: received (replies go out through the REST API)',
  // The content type is given here, not with @ApiProduces: that would also list the JSON errors as text/xml.
  content: { 'text/xml': { schema: { type: 'string' }, example: EMPTY_TWIML } },
};

@Public()
@UseGuards(TwilioSignatureGuard)
@Controller('twilio')
@ApiSecurity({}) // Twilio's X-Twilio-Signature, not the API key
@ApiConsumes('application/x-www-form-urlencoded')
@ApiForbiddenResponse({ description: 'Missing or wrong X-Twilio-Signature', type: ErrorResponse })
@ApiTooManyRequestsResponse({
  description:
    'This address sent too many webhooks with a bad signature this minute (Retry-After says how long to wait)',
  type: ErrorResponse,
})
@ApiErrors(400)
export class TwilioWebhooksController {
  constructor(
    private readonly config: AppConfig,
    private readonly webhooks: TwilioWebhooksService,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  @ApiBody({ schema: TWILIO_INBOUND_FORM })
  @ApiOkResponse(TWIML_ANSWER)
  @Header('Content-Type', 'text/xml')
  async receive(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    const { duplicate } = await this.webhooks.acceptInbound(parseInboundForm(form, this.config.defaultCountry));
    if (duplicate) request[WEBHOOK_RESULT] = 'duplicate';
    return EMPTY_TWIML;
  }

  @Post('status')
  @HttpCode(200)
  @ApiBody({ schema: TWILIO_STATUS_FORM })
  @ApiOkResponse(TWIML_ANSWER)
  @Header('Content-Type', 'text/xml')
  async status(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    const { ignored } = await this.webhooks.applyStatus(parseStatusForm(form, this.config.defaultCountry));
    if (ignored) request[WEBHOOK_RESULT] = 'ignored';
    return EMPTY_TWIML;
  }
}
