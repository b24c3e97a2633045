import type { components } from './schema';

type ErrorResponse = components['schemas']['ErrorResponse'];

function isErrorResponse(error: unknown): error is ErrorResponse {
  return typeof error === 'object' && error !== null && 'statusCode' in error && 'message' in error;
}

/**
 * A refusal as an Error, for the calls made outside openapi-react-query's hooks (which throw the
 * error body itself): both have `statusCode` and `message`, so statusOf and describeError read either.
 */
export class ApiError extends Error {
  readonly statusCode: number;

  constructor(response: Response, body: unknown) {
    const message = isErrorResponse(body) ? body.message : response.statusText || 'Request failed';
    super(Array.isArray(message) ? message.join('; ') : message);
    this.statusCode = response.status;
  }
}

/** The HTTP status of a failed call (openapi-react-query throws the error body), or null for a network failure. */
export function statusOf(error: unknown): number | null {
  return isErrorResponse(error) ? error.statusCode : null;
}

/** What went wrong, in the API's own words where it gave some. */
export function describeError(error: unknown): string {
  if (isErrorResponse(error)) {
    const message = Array.isArray(error.message) ? error.message.join('; ') : error.message;
    return `${message} (HTTP ${error.statusCode})`;
  }
  if (error instanceof TypeError) return 'The server could not be reached: check your connection and try again.';
  return error instanceof Error ? error.message : 'Something went wrong';
}
