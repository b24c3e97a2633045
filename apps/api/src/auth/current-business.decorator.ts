import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Authenticated } from './request-authenticator';

/** What the API key guard leaves on a request it let through: the business it acts for, and who let it. */
export interface BusinessScopedRequest {
  businessId?: string;
  auth?: Authenticated;
}

/**
 * The business an admin request acts for, as ApiKeyGuard decided it: the platform key's
 * X-Business-Id (the default business without it), or a business key's own business.
 * A route that takes it without passing the guard (a @Public() one) is a programming
 * error, refused rather than quietly acting for the default business.
 */
export const CurrentBusiness = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const { businessId } = context.switchToHttp().getRequest<BusinessScopedRequest>();
  if (!businessId) throw new Error('@CurrentBusiness() on a route ApiKeyGuard did not scope');
  return businessId;
});
