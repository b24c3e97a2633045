import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@app/config';
import { maskPhone } from '@app/common';

const safeDecode = (url: string) => {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
};

/** Headers that carry secrets, wherever a log line might hold them: a request, a response, an error. */
const SECRET_HEADERS = [
  '["x-api-key"]',
  '["x-widget-token"]',
  '["x-twilio-signature"]',
  'authorization',
  'cookie',
  '["set-cookie"]',
];
/** The web chat's page takes its widget token in its URL (`/widget/chat.html?token=…`). */
const redactTokenParam = (url: string) => url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
export const REDACTED_PATHS = ['req.headers', 'res.headers', 'headers', 'err.headers', 'err.config.headers'].flatMap(
  (at) => SECRET_HEADERS.map((name) => `${at}${name.startsWith('[') ? '' : '.'}${name}`),
);

/**
 * Structured JSON logs (pino). Request bodies are never logged, secrets in headers
 * (keys, signatures, tokens, cookies, set-cookie) are redacted and phone numbers in
 * URLs masked (+1555***4567). The access log is the API's own (see access-log.ts):
 * pino-http's autoLogging is off.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [ConfigModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          autoLogging: false,
          // Redaction happens before the line reaches the transport, so pretty lines are as safe as JSON ones.
          ...(config.logPretty
            ? {
                transport: {
                  target: 'pino-pretty',
                  options: { singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
                },
              }
            : {}),
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: redactTokenParam(maskPhone(safeDecode(req.url ?? ''))),
            }),
            // The status only: response headers hold set-cookie, and nothing else in them is worth a log line.
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
