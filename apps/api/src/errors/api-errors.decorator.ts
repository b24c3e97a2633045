import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from './error.response';

export type ErrorStatus = 400 | 401 | 404 | 409 | 502;

const DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Invalid input: `message` lists each problem, the most useful first, one per field, starting with the field name',
  401: 'Missing or wrong X-API-Key',
  404: 'Nothing has the id given in the path',
  409: 'Not possible in its current state',
  502: 'Twilio or the model failed',
};

// Only the 401 reads the same on every route; the other messages name the route's own fields and ids.
const EXAMPLES: Partial<Record<ErrorStatus, ErrorResponse>> = {
  401: { statusCode: 401, error: 'Unauthorized', message: 'Missing or invalid X-API-Key' },
};

/** The error responses a route (or every route of a controller) can give, all in ErrorResponse's shape. */
export function ApiErrors(...statuses: ErrorStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        type: ErrorResponse,
        description: DESCRIPTIONS[status],
        ...(EXAMPLES[status] ? { example: EXAMPLES[status] } : {}),
      }),
    ),
  );
}
