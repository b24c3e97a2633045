import { Body, Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { WebhookRepository } from '@app/database';
import { Public } from '../auth/public.decorator';
import { DUPLICATE_WEBHOOK } from '../metrics/metrics.service';
import { InboundWebhookService } from './inbound-webhook.service';
import { parseInboundForm, parseStatusForm, TwilioForm } from './twilio-form';
import { TwilioSignatureGuard } from './twilio-signature.guard';

/** An empty TwiML answer: "received, no message from this response" (replies go out via the REST API). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

@Public()
@UseGuards(TwilioSignatureGuard)
@Controller('twilio')
export class TwilioWebhooksController {
  constructor(
    private readonly config: AppConfig,
    private readonly inbound: InboundWebhookService,
    private readonly webhooks: WebhookRepository,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async receive(@Body() form: TwilioForm, @Req() request: FastifyRequest & { [DUPLICATE_WEBHOOK]?: boolean }): Promise<string> {
    const { duplicate } = await this.inbound.accept(parseInboundForm(form, this.config.defaultCountry));
    request[DUPLICATE_WEBHOOK] = duplicate;
    return EMPTY_TWIML;
  }

  @Post('status')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async status(@Body() form: TwilioForm): Promise<string> {
    await this.webhooks.applyStatus(parseStatusForm(form, this.config.defaultCountry));
    return EMPTY_TWIML;
  }
}
