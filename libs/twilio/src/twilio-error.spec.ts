import { classifyTwilioError } from './twilio-error';

describe('classifyTwilioError', () => {
  it.each([
    [{ status: 429, code: 20429 }, 'retryable'],
    [{ status: 500 }, 'retryable'],
    [{ status: 503, code: 20503 }, 'retryable'],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, 'retryable'],
    [new Error('timeout of 10000ms exceeded'), 'retryable'],
    [{ status: 400, code: 21610 }, 'opted_out'],
    [{ status: 400, code: 21211 }, 'invalid_number'],
    [{ status: 400, code: 21614 }, 'invalid_number'],
    [{ status: 400, code: 21602 }, 'permanent'],
    [{ status: 401, code: 20003 }, 'permanent'],
  ])('%j is %s', (error, kind) => {
    expect(classifyTwilioError(error).kind).toBe(kind);
  });
});
