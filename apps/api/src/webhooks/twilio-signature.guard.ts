import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { TwilioGateway } from '@app/twilio';

/**
 * Rejects (403) any webhook whose X-Twilio-Signature does not match the URL Twilio
 * called (PUBLIC_BASE_URL + path, or the request's own URL) and its form fields.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger(TwilioSignatureGuard.name);

  constructor(
    private readonly config: AppConfig,
    private readonly twilio: TwilioGateway,
  ) {
    if (!config.twilio.validateSignature) {
      this.logger.warn('TWILIO_VALIDATE_SIGNATURE=false: webhooks are accepted WITHOUT checking they come from Twilio');
    }
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.twilio.validateSignature) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const base = this.config.publicBaseUrl ?? `${request.protocol}://${request.host}`;
    const signature = request.headers['x-twilio-signature'];
    const params = request.body && typeof request.body === 'object' ? (request.body as Record<string, string>) : {};
    if (typeof signature === 'string' && this.twilio.isValidSignature(signature, `${base}${request.url}`, params)) {
      return true;
    }
    this.logger.warn(
      `Rejected a webhook with a ${signature ? 'bad' : 'missing'} X-Twilio-Signature on ${request.routeOptions.url}`,
    );
    throw new ForbiddenException('Invalid Twilio signature');
  }
}
