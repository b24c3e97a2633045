import { classifyTwilioError } from './twilio-error';

describe('classifyTwilioError', () => {
  it.each([
    [{ status: 429, code: 20429 }, 'retryable'],
    [{ status: 500 }, 'retryable'],
    [{ status: 503, code: 20503 }, 'retryable'],
    // Never sent: safe to send again.
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'retryable'],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT', message: 'Connect Timeout Error' }, 'retryable'],
    [{ message: 'fetch failed', cause: { code: 'ENOTFOUND' } }, 'retryable'],
    // Sent, no answer: Twilio may have it.
    [{ code: 'ECONNRESET', message: 'socket hang up' }, 'outcome_unknown'],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error' }, 'outcome_unknown'],
    [{ code: 'UND_ERR_SOCKET', message: 'other side closed' }, 'outcome_unknown'],
    [new Error('timeout of 10000ms exceeded'), 'outcome_unknown'],
    [{ status: 400, code: 21610 }, 'opted_out'],
    [{ status: 400, code: 21211 }, 'invalid_number'],
    [{ status: 400, code: 21614 }, 'invalid_number'],
    [{ status: 400, code: 21602 }, 'permanent'],
    [{ status: 401, code: 20003 }, 'permanent'],
  ])('%j is %s', (error, kind) => {
    expect(classifyTwilioError(error).kind).toBe(kind);
  });
});
