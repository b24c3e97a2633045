import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { DEFAULT_BUSINESS_ID } from '@app/common';

/** What the API key guard leaves on a request it let through: the business it acts for. */
export interface BusinessScopedRequest {
  businessId?: string;
}

/**
 * The business an admin request acts for. Today the platform key is the only key and acts
 * for the default business; business keys and `X-Business-Id` (the businesses issue's
 * next step) will set `request.businessId` in the API key guard, and every route that takes
 * this parameter follows without change.
 */
export const CurrentBusiness = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<BusinessScopedRequest>();
  return request.businessId ?? DEFAULT_BUSINESS_ID;
});
