import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { TwilioGateway } from '@app/twilio';
import { BadSignatureLimiter } from './bad-signature-limiter';
import { checkWebhookFormSize } from './webhook-limits';

/**
 * Rejects (403) any webhook whose X-Twilio-Signature does not match PUBLIC_BASE_URL + the path and
 * query as received, and its form fields: one HMAC, for the one URL Twilio is configured to call.
 * The request's Host and X-Forwarded-* never decide that URL (a client would pick what it is
 * checked against). Fields past Twilio's sizes are refused (400) before any HMAC is computed.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger(TwilioSignatureGuard.name);

  constructor(
    private readonly config: AppConfig,
    private readonly twilio: TwilioGateway,
    private readonly limiter: BadSignatureLimiter,
  ) {
    if (!config.twilio.validateSignature) {
      this.logger.warn('TWILIO_VALIDATE_SIGNATURE=false: webhooks are accepted WITHOUT checking they come from Twilio');
    } else if (!config.publicBaseUrl) {
      this.logger.warn(
        "PUBLIC_BASE_URL is not set: every Twilio webhook will be refused (403). Set it to the address Twilio calls, as in Twilio's console",
      );
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    checkWebhookFormSize(request.body);
    if (!this.config.twilio.validateSignature) return true;
    const signature = request.headers['x-twilio-signature'];
    const params = request.body && typeof request.body === 'object' ? (request.body as Record<string, string>) : {};
    const base = this.config.publicBaseUrl;
    if (
      base &&
      typeof signature === 'string' &&
      this.twilio.isValidSignature(signature, `${base}${request.url}`, params)
    ) {
      return true;
    }
    this.limiter.recordFailure(request.ip);
    this.logger.warn(
      `Rejected a webhook with a ${signature ? 'bad' : 'missing'} X-Twilio-Signature on ${request.routeOptions.url}${base ? '' : ' (PUBLIC_BASE_URL is not set)'}`,
    );
    throw new ForbiddenException('Invalid Twilio signature');
  }
}
