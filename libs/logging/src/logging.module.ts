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

/**
 * Structured JSON logs (pino). Request bodies are never logged, secrets in headers
 * are redacted and phone numbers in URLs masked (+1555***4567).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [ConfigModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          // Health probes and metrics scrapes would drown everything else.
          autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/health') },
          redact: {
            paths: [
              'req.headers["x-api-key"]',
              'req.headers["x-twilio-signature"]',
              'req.headers.authorization',
              'req.headers.cookie',
            ],
            censor: '[redacted]',
          },
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: maskPhone(safeDecode(req.url ?? '')),
            }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
