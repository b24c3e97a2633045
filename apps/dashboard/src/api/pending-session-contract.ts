import type { components } from './schema';

/**
 * The session routes as agreed with the backend (issue 18: POST/GET /api/session, POST
 * /api/session/logout), written in openapi-typescript's shape until they are in the API's OpenAPI
 * document. `ApiPaths` (client.ts) lets the generated types win as soon as they have these paths,
 * so this file can then be deleted without touching a caller.
 */
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };
type Json<T> = { headers: Record<string, unknown>; content: { 'application/json': T } };
type Refused = Json<components['schemas']['ErrorResponse']>;

export interface SessionResponse {
  /** Signed in with the platform key (ADMIN_API_KEY): acts for the default business, may see Businesses. */
  platform: boolean;
  business: { id: string; slug: string; name: string } | null;
  expiresAt: string;
}

export interface PendingSessionPaths {
  '/api/session': {
    parameters: NoParameters;
    get: {
      parameters: NoParameters;
      requestBody?: never;
      responses: { 200: Json<SessionResponse>; 401: Refused };
    };
    post: {
      parameters: NoParameters;
      requestBody: { content: { 'application/json': { apiKey: string } } };
      responses: { 200: Json<SessionResponse>; 401: Refused; 429: Refused };
    };
  };
  '/api/session/logout': {
    parameters: NoParameters;
    post: {
      parameters: NoParameters;
      requestBody?: never;
      responses: { 204: { headers: Record<string, unknown>; content?: never } };
    };
  };
}
