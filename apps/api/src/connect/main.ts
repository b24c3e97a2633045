import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Command } from 'commander';
import { normalizePhone } from '@app/common';
import { loadConfig, runMain, StartupError } from '@app/config';
import { classifyTwilioError, TwilioGateway } from '@app/twilio';
import { ConnectRecords } from './connect-record';
import { NumberConnector } from './number-connector';
import { assertAppAnswers, webhookBaseUrl } from './public-url';

/**
 * `npm run connect -- +14155550100`: point a Twilio number's messages at this app
 * (PUBLIC_BASE_URL/twilio/inbound, POST) through Twilio's IncomingPhoneNumbers API, show
 * what changed, and `--undo` it. In sandbox mode it changes the sandbox's own number.
 */
const program = new Command('connect')
  .description("Point a Twilio phone number's incoming messages at this app (or undo it)")
  .argument('<number>', 'one of your Twilio numbers, e.g. +14155550100')
  .option('--undo', 'put back what the last connect of this number replaced')
  .option('--fallback-url <url>', 'where Twilio goes when this app fails or times out ("" clears it)')
  .option('--dry-run', 'show what would change, change nothing')
  .option('--skip-check', 'do not check first that the app answers at PUBLIC_BASE_URL')
  .action(
    async (raw: string, options: { undo?: boolean; fallbackUrl?: string; dryRun?: boolean; skipCheck?: boolean }) => {
      const envFile = join(process.cwd(), '.env');
      if (existsSync(envFile)) process.loadEnvFile(envFile);
      const config = loadConfig(process.env);
      const live = config.twilio.mode === 'live';
      const phoneNumber = normalizePhone(raw, config.defaultCountry);
      if (!phoneNumber) throw new StartupError(`${raw} is not a phone number (E.164, e.g. +14155550100)`);
      if (options.fallbackUrl && !/^https?:\/\/[^/]/.test(options.fallbackUrl))
        throw new StartupError(`--fallback-url must be an http(s) URL, not ${options.fallbackUrl}`);

      // The SDK's own construction notes (sandbox mode) are not this command's output.
      Logger.overrideLogger(false);
      const twilio = new TwilioGateway(config);
      const connector = new NumberConnector(twilio, ConnectRecords.inRepository(), config.twilio.accountSid);
      console.log(
        live
          ? `switchboard: Twilio account ${config.twilio.accountSid}`
          : `switchboard: sandbox mode: this changes the sandbox's number at ${config.twilio.apiBaseUrl}, not a real one`,
      );
      try {
        if (options.undo) return await connector.undo(phoneNumber, options);
        const baseUrl = webhookBaseUrl(config.publicBaseUrl, live);
        if (!options.skipCheck) await assertAppAnswers(baseUrl);
        await connector.connect(phoneNumber, { baseUrl, fallbackUrl: options.fallbackUrl, dryRun: options.dryRun });
        if (!options.dryRun) console.log(nextStep(live, phoneNumber));
      } catch (error) {
        throw error instanceof StartupError ? error : twilioProblem(error);
      } finally {
        await twilio.onApplicationShutdown();
      }
    },
  );

function nextStep(live: boolean, phoneNumber: string): string {
  return live
    ? `next: text ${phoneNumber} from your phone (try HELP); the reply comes from this app. ` +
        'US numbers need A2P 10DLC or toll-free verification before carriers deliver its texts (README: Going live).'
    : 'next: npm run sim -- text +15551234567 HELP';
}

/** A Twilio refusal as one line: its code and message, and what usually fixes it. */
function twilioProblem(error: unknown): StartupError {
  const failure = classifyTwilioError(error);
  if (failure.status === null) return new StartupError(`could not reach Twilio: ${failure.message}`);
  const hint =
    failure.status === 401 || failure.code === 20003 ? ': check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN' : '';
  return new StartupError(
    `Twilio answered ${failure.status} (${failure.code ?? 'no code'}): ${failure.message}${hint}`,
  );
}

runMain(async () => {
  await program.parseAsync(process.argv);
});
