import { SetMetadata } from '@nestjs/common';

export const BUSINESS_QUERY = 'switchboard:business-query';

/**
 * A route whose client cannot send headers (a browser's EventSource) may name its business in
 * the query parameter `name` instead of X-Business-Id, with the same rules: the platform chooses
 * any business, a business's own key or session only its own.
 */
export const BusinessQuery = (name: string) => SetMetadata(BUSINESS_QUERY, name);
