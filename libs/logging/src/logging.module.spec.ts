import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from './logging.module';

/** A pino logger with LoggingModule's redaction, writing into an array of parsed lines. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream) };
}

describe('log redaction', () => {
  it('redacts keys, signatures, tokens and cookies in request and response headers', () => {
    const { lines, logger } = capture();
    const secret = {
      'x-api-key': 'k-secret',
      'x-widget-token': 'w-secret',
      'x-twilio-signature': 'sig-secret',
      authorization: 'Bearer t-secret',
      cookie: 'switchboard_board=c-secret',
      'set-cookie': 'switchboard_board=s-secret; HttpOnly',
      'content-type': 'text/html',
    };
    logger.info({ req: { headers: secret }, res: { headers: secret } }, 'exchange');
    logger.info({ headers: secret }, 'bare headers');
    logger.info({ err: { headers: secret, config: { headers: secret } } }, 'an HTTP client error');
    const text = JSON.stringify(lines);
    for (const value of ['k-secret', 'w-secret', 'sig-secret', 't-secret', 'c-secret', 's-secret'])
      expect(text).not.toContain(value);
    expect(text).toContain('text/html');
    expect(lines[0]).toMatchObject({ res: { headers: { 'set-cookie': '[redacted]' } } });
  });
});
