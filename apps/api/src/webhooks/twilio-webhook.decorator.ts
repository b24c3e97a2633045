import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiConsumes, ApiForbiddenResponse, ApiSecurity, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../errors/api-errors.decorator';
import { ErrorResponse } from '../errors/error.response';
import { WEBHOOK_BUSINESS, WEBHOOK_RESULT, type WebhookResult } from '../metrics/metrics.service';
import { TwilioSignatureGuard } from './twilio-signature.guard';

/** A webhook request, with what the route tells the metrics (its result, its business). */
export type WebhookRequest = FastifyRequest & { [WEBHOOK_RESULT]?: WebhookResult; [WEBHOOK_BUSINESS]?: string };

/**
 * A controller of Twilio's webhooks (messaging or voice): no API key, Twilio's signature instead
 * (TwilioSignatureGuard), form-encoded bodies, and the refusals every such route documents.
 */
export function TwilioWebhook() {
  return applyDecorators(
    Public(),
    UseGuards(TwilioSignatureGuard),
    ApiSecurity({}), // Twilio's X-Twilio-Signature, not the API key
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiForbiddenResponse({ description: 'Missing or wrong X-Twilio-Signature', type: ErrorResponse }),
    ApiTooManyRequestsResponse({
      description:
        'This address sent too many webhooks with a bad signature this minute (Retry-After says how long to wait)',
      type: ErrorResponse,
    }),
    ApiErrors(400),
  );
}
