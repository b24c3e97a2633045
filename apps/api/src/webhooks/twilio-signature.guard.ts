import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { TwilioGateway } from '@app/twilio';
import { BadSignatureLimiter } from './bad-signature-limiter';
import { checkWebhookFormSize } from './webhook-limits';
import { WebhookSigningToken } from './webhook-signing-token';

/**
 * Rejects (403) any webhook whose X-Twilio-Signature does not match PUBLIC_BASE_URL + the path and
 * query as received, and its form fields: one HMAC, for the one URL Twilio is configured to call,
 * with the auth token of the account the message belongs to (WebhookSigningToken).
 * The request's Host and X-Forwarded-* never decide that URL (a client would pick what it is
 * checked against). Fields past Twilio's sizes are refused (400) before any HMAC is computed.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger(TwilioSignatureGuard.name);
  private lastWarnAt = -Infinity;
  private suppressed = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly twilio: TwilioGateway,
    private readonly limiter: BadSignatureLimiter,
    private readonly signingToken: WebhookSigningToken,
  ) {
    if (!config.twilio.validateSignature) {
      this.logger.warn('TWILIO_VALIDATE_SIGNATURE=false: webhooks are accepted WITHOUT checking they come from Twilio');
    } else if (!config.publicBaseUrl) {
      this.logger.warn(
        "PUBLIC_BASE_URL is not set: every Twilio webhook will be refused (403). Set it to the address Twilio calls, as in Twilio's console",
      );
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    checkWebhookFormSize(request.body);
    if (!this.config.twilio.validateSignature) return true;
    const signature = request.headers['x-twilio-signature'];
    const params = request.body && typeof request.body === 'object' ? (request.body as Record<string, string>) : {};
    const base = this.config.publicBaseUrl;
    if (base && typeof signature === 'string') {
      const kind = (request.routeOptions.url ?? '').endsWith('/status') ? 'status' : 'inbound';
      const token = await this.signingToken.for(kind, params);
      if (this.twilio.isValidSignature(signature, `${base}${request.url}`, params, token)) return true;
    }
    this.limiter.recordFailure(request.ip);
    this.warnRejected(request, typeof signature === 'string', base);
    throw new ForbiddenException('Invalid Twilio signature');
  }

  /**
   * Says which URL was checked and what to fix — the classic mistake is a tunnel or proxy whose
   * address is not PUBLIC_BASE_URL — at most once every WARN_EVERY_MS, with a count of the rest:
   * unsigned junk must not flood the log.
   */
  private warnRejected(request: FastifyRequest, signed: boolean, base: string | undefined): void {
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) {
      this.suppressed++;
      return;
    }
    const more = this.suppressed ? ` (and ${this.suppressed} more since the last warning)` : '';
    this.lastWarnAt = now;
    this.suppressed = 0;
    const route = request.routeOptions.url ?? '';
    if (!base) {
      this.logger.warn(
        `Rejected a webhook on ${route}: PUBLIC_BASE_URL is not set, so no signature can be checked${more}`,
      );
      return;
    }
    const host = printable(request.headers.host ?? '');
    this.logger.warn(
      `Rejected a webhook with a ${signed ? 'bad' : 'missing'} X-Twilio-Signature on ${route}: checked against ${base}${printable(request.url)}` +
        ` (the request came in for Host ${host || '(none)'}). If Twilio calls another address — a new tunnel host, http` +
        ` instead of https, a port — set PUBLIC_BASE_URL to exactly what is in Twilio's console${more}`,
    );
  }
}

const WARN_EVERY_MS = 10_000;

/** Client-supplied text, shortened and stripped of anything but printable ASCII before it is logged. */
const printable = (text: string) => text.replace(/[^\x21-\x7e]/g, '').slice(0, 200);
