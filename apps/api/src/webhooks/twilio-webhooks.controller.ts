import { Body, Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { WEBHOOK_BUSINESS, WEBHOOK_RESULT } from '../metrics/metrics.service';
import { parseInboundForm, parseStatusForm, TwilioForm } from './twilio-form';
import { TwilioWebhook, type WebhookRequest } from './twilio-webhook.decorator';
import { TWILIO_INBOUND_FORM, TWILIO_STATUS_FORM } from './twilio-webhook.schema';
import { TwilioWebhooksService } from './twilio-webhooks.service';

/** An empty TwiML answer: "received, no message from this response" (replies go out via the REST API). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** What Twilio gets back: TwiML, not JSON. */
const TWIML_ANSWER = {
  description: 'Empty TwiML: received (replies go out through the REST API)',
  // The content type is given here, not with @ApiProduces: that would also list the JSON errors as text/xml.
  content: { 'text/xml': { schema: { type: 'string' }, example: EMPTY_TWIML } },
};

@TwilioWebhook()
@Controller('twilio')
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
    const { duplicate, business } = await this.webhooks.acceptInbound(
      parseInboundForm(form, this.config.defaultCountry),
    );
    request[WEBHOOK_BUSINESS] = business;
    if (duplicate) request[WEBHOOK_RESULT] = 'duplicate';
    return EMPTY_TWIML;
  }

  @Post('status')
  @HttpCode(200)
  @ApiBody({ schema: TWILIO_STATUS_FORM })
  @ApiOkResponse(TWIML_ANSWER)
  @Header('Content-Type', 'text/xml')
  async status(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    const { ignored, business } = await this.webhooks.applyStatus(parseStatusForm(form, this.config.defaultCountry));
    request[WEBHOOK_BUSINESS] = business;
    if (ignored) request[WEBHOOK_RESULT] = 'ignored';
    return EMPTY_TWIML;
  }
}
