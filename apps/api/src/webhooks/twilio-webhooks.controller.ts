import { applyDecorators, Body, Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
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

/** What every address of a messaging webhook declares: its form, and TwiML back. */
function MessagingWebhook(form: typeof TWILIO_INBOUND_FORM, summary?: string) {
  return applyDecorators(
    HttpCode(200),
    ApiBody({ schema: form }),
    ApiOkResponse(TWIML_ANSWER),
    Header('Content-Type', 'text/xml'),
    ...(summary ? [ApiOperation({ summary })] : []),
  );
}

const alias = (route: string) => `Alias of POST ${route}, for numbers set up for the product Switchboard replaces`;

/**
 * Texts and WhatsApp messages in, and the status callbacks of what we sent. Served at `/twilio/*`
 * and at the originals' addresses (webhook-paths.ts), each signed against its own URL.
 */
@TwilioWebhook()
@Controller()
export class TwilioWebhooksController {
  constructor(
    private readonly config: AppConfig,
    private readonly webhooks: TwilioWebhooksService,
  ) {}

  @Post('twilio/inbound')
  @MessagingWebhook(TWILIO_INBOUND_FORM)
  async receive(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    const { duplicate, business } = await this.webhooks.acceptInbound(
      parseInboundForm(form, this.config.defaultCountry),
    );
    request[WEBHOOK_BUSINESS] = business;
    if (duplicate) request[WEBHOOK_RESULT] = 'duplicate';
    return EMPTY_TWIML;
  }

  /** The receptionist's inbound address. */
  @Post('webhooks/sms/inbound')
  @MessagingWebhook(TWILIO_INBOUND_FORM, alias('/twilio/inbound'))
  receiveAtSmsAlias(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    return this.receive(form, request);
  }

  /** The WhatsApp bot's one address (texts arrive there too when a number points at it). */
  @Post('whatsapp')
  @MessagingWebhook(TWILIO_INBOUND_FORM, alias('/twilio/inbound'))
  receiveAtWhatsAppAlias(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    return this.receive(form, request);
  }

  @Post('twilio/status')
  @MessagingWebhook(TWILIO_STATUS_FORM)
  async status(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    const { ignored, business } = await this.webhooks.applyStatus(parseStatusForm(form, this.config.defaultCountry));
    request[WEBHOOK_BUSINESS] = business;
    if (ignored) request[WEBHOOK_RESULT] = 'ignored';
    return EMPTY_TWIML;
  }

  /** The receptionist's status callback address. */
  @Post('webhooks/sms/status')
  @MessagingWebhook(TWILIO_STATUS_FORM, alias('/twilio/status'))
  statusAtSmsAlias(@Body() form: TwilioForm, @Req() request: WebhookRequest): Promise<string> {
    return this.status(form, request);
  }
}
