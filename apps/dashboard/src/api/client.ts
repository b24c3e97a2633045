import createFetchClient from 'openapi-fetch';
import createQueryHooks from 'openapi-react-query';
import type { PendingSessionPaths } from './pending-session-contract';
import type { paths } from './schema';

/** The API's routes: the generated ones, and the session routes until the document has them. */
export type ApiPaths = paths & Omit<PendingSessionPaths, keyof paths>;

/**
 * The one HTTP client: typed from the OpenAPI document, same origin, authenticated by the session
 * cookie (HttpOnly: this code never sees it, and never holds the API key after signing in).
 */
export const api = createFetchClient<ApiPaths>({ credentials: 'same-origin' });

/** TanStack Query hooks over `api`: `$api.useQuery('get', '/api/health')`, keyed `['get', path, init]`. */
export const $api = createQueryHooks(api);
