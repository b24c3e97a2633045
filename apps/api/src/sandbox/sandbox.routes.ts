import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, isLoopbackHost } from '@app/config';
import { BusinessRoutes } from '@app/database';
import { FormParams, TwilioSandbox } from '@app/twilio';
import { canonicalWebhookRoute } from '../webhooks/webhook-paths';

export const SANDBOX_PREFIX = '/sandbox';

/**
 * In sandbox mode the API itself plays Twilio's REST API under /sandbox: the
 * workers' twilio SDK sends there, and the sandbox answers with Twilio's shapes
 * and calls our own /twilio/status back, signed, in Twilio's order.
 */
@Injectable()
export class SandboxRoutes implements OnModuleInit {
  private readonly logger = new Logger(SandboxRoutes.name);
  readonly sandbox: TwilioSandbox | null;
  private readonly host: string;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    config: AppConfig,
    routes: BusinessRoutes,
  ) {
    this.host = config.http.host;
    this.sandbox =
      config.twilio.mode === 'sandbox'
        ? new TwilioSandbox({
            accountSid: config.twilio.accountSid,
            authToken: config.twilio.authToken,
            autoCallbacks: true,
            magicNumbers: true,
            // Status callbacks go to this app only (never anywhere a request names).
            callbackBaseUrls: config.publicBaseUrl ? [config.publicBaseUrl] : [],
            // The number the sandbox sends from is the account's own, for `npm run connect` to point at this app.
            phoneNumbers: config.twilio.defaultFrom ? [config.twilio.defaultFrom] : [],
            // Every business's subaccount, with the token the business was given.
            subaccountToken: async (accountSid) => (await routes.forAccountSid(accountSid))?.twilio?.authToken,
          })
        : null;
  }

  onModuleInit(): void {
    if (!this.sandbox) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.all(`${SANDBOX_PREFIX}/*`, (request, reply) => this.handle(request, reply));
    // Twilio sees every inbound message before posting its webhook; here `sim` (or any signer)
    // posts it straight to the app, so the sandbox learns of each one the app accepted, for
    // WhatsApp's 24-hour window. After the answer: it adds nothing to the webhook's latency.
    fastify.addHook('onResponse', (request, reply, done) => {
      const form = request.body as Record<string, unknown> | undefined;
      if (
        canonicalWebhookRoute(request.routeOptions.url ?? '') === '/twilio/inbound' &&
        reply.statusCode === 200 &&
        form
      ) {
        const { AccountSid, From, To } = form;
        if (typeof AccountSid === 'string' && typeof From === 'string' && typeof To === 'string')
          this.sandbox!.inboundReceived({ accountSid: AccountSid, from: From, to: To });
      }
      done();
    });
    this.logger.warn(`SANDBOX MODE: a simulated Twilio REST API answers at ${SANDBOX_PREFIX}/2010-04-01`);
    if (!isLoopbackHost(this.host))
      this.logger.warn(
        `SANDBOX MODE OPEN TO THE NETWORK: HOST=${this.host} is not a loopback address, and the sandbox's credentials are public: anyone who reaches this address can read, redact and delete sent messages and send through it (unset HOST to listen on 127.0.0.1 only)`,
      );
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const url = new URL(request.url, 'http://sandbox');
    const answer = await this.sandbox!.handle({
      method: request.method,
      path: url.pathname.slice(SANDBOX_PREFIX.length),
      query: url.searchParams,
      authorization: request.headers.authorization,
      form: request.body && typeof request.body === 'object' ? (request.body as FormParams) : {},
    });
    reply.status(answer.status);
    if (answer.body === undefined) return reply.send();
    return reply.type('application/json').send(answer.body);
  }

  onModuleDestroy(): void {
    this.sandbox?.stop();
  }
}
