import createFetchClient from 'openapi-fetch';
import createQueryHooks from 'openapi-react-query';
import type { paths } from './schema';

/** The API's routes, generated from its OpenAPI document (npm run dashboard:api-types). */
export type ApiPaths = paths;

/**
 * The one HTTP client: typed from the OpenAPI document, same origin, authenticated by the session
 * cookie (HttpOnly: this code never sees it, and never holds the API key after signing in).
 */
export const api = createFetchClient<ApiPaths>({ credentials: 'same-origin' });

/** TanStack Query hooks over `api`: `$api.useQuery('get', '/api/health')`, keyed `['get', path, init]`. */
export const $api = createQueryHooks(api);
