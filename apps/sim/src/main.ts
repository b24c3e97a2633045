import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import type { TwilioAccount } from '@app/common';
import { loadConfig, runMain, StartupError } from '@app/config';
import { playCall } from './call';
import { percentiles } from './percentiles';
import { SandboxMessage, SimClient } from './sim-client';
import { playWidget } from './widget-chat';

/**
 * `npm run sim -- ...`: text the running app as a phone would, through Twilio's
 * webhook (signed), and print what came back out of the built-in sandbox.
 */
const program = new Command('sim')
  .description('Talk to a running Switchboard in sandbox mode, as Twilio and a phone would')
  .option('--url <url>', 'where the app listens (default http://127.0.0.1:$PORT)');

function client(account?: string): SimClient {
  const envFile = join(process.cwd(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig(process.env);
  if (config.twilio.mode !== 'sandbox') {
    throw new StartupError(
      'sim talks to the built-in sandbox only; unset TWILIO_ACCOUNT_SID (or set TWILIO_MODE=sandbox)',
    );
  }
  return new SimClient(
    config,
    program.opts<{ url?: string }>().url ?? `http://127.0.0.1:${config.http.port}`,
    account === undefined ? undefined : parseAccount(account),
  );
}

/** `AC…:token`: a business's Twilio subaccount, as given to POST /api/businesses. */
function parseAccount(text: string): TwilioAccount {
  const [accountSid, ...rest] = text.split(':');
  const authToken = rest.join(':');
  if (!/^AC[0-9a-f]{32}$/i.test(accountSid) || !authToken)
    throw new StartupError('--account must be <account SID>:<auth token>, like AC0123…cdef:your-token');
  return { accountSid, authToken };
}

program
  .command('text')
  .description('send an inbound message and print the replies')
  .argument('<from>', 'the phone number texting in, e.g. +15551234567')
  .argument('<body...>', 'the message')
  .option('--whatsapp', 'send as WhatsApp (whatsapp: addresses)')
  .option('--media <url...>', 'attach media URLs (MMS / WhatsApp media)')
  .option('--to <number>', 'the business number texted (default TWILIO_DEFAULT_FROM)')
  .option('--wait <seconds>', 'how long to wait for replies', '8')
  .option(
    '--account <sid:token>',
    "a business's own Twilio subaccount: the webhook is signed with its token and its replies read from it",
  )
  .action(
    async (
      typed: string,
      words: string[],
      options: { whatsapp?: boolean; media?: string[]; to?: string; wait: string; account?: string },
    ) => {
      const sim = client(options.account);
      const from = sim.phoneNumber(typed, '<from>');
      const body = words.join(' ');
      const address = options.whatsapp ? `whatsapp:${from}` : from;
      const before = new Set((await sim.sentTo(address)).map((m) => m.sid));
      const params = sim.inboundParams(from, body, options);
      const res = await sim.postWebhook('/twilio/inbound', params);
      console.log(
        `${from} → ${params.To.replace('whatsapp:', '')}: ${body}${options.media?.length ? ` [${options.media.length} media]` : ''}`,
      );
      if (res.status !== 200) {
        console.log(`(the app answered the webhook with HTTP ${res.status})`);
        process.exitCode = 1;
        return;
      }
      const replies = await waitForReplies(sim, address, before, Number(options.wait) * 1000);
      if (replies.length === 0) console.log(`(no reply within ${options.wait}s)`);
      for (const reply of replies) {
        console.log(
          `${(reply.from ?? 'messaging service').replace('whatsapp:', '')} → ${from}: ${reply.body}  [${reply.status}]`,
        );
      }
    },
  );

/** Waits for the first reply, then a little longer for any that follow it. */
async function waitForReplies(
  sim: SimClient,
  to: string,
  before: Set<string>,
  timeoutMs: number,
): Promise<SandboxMessage[]> {
  const deadline = Date.now() + timeoutMs;
  let firstSeenAt = 0;
  for (;;) {
    const fresh = (await sim.sentTo(to)).filter((m) => !before.has(m.sid));
    if (fresh.length && !firstSeenAt) firstSeenAt = Date.now();
    // Let delivery callbacks land so the printed status is the final one.
    if (firstSeenAt && (Date.now() - firstSeenAt > 700 || Date.now() > deadline)) return fresh;
    if (!firstSeenAt && Date.now() > deadline) return [];
    await sleep(100);
  }
}

program
  .command('call')
  .description('call the business and say each utterance in turn; print the transcript')
  .argument('<from>', 'the phone number calling, e.g. +15551234567')
  .argument('<utterances...>', 'what the caller says, one argument per turn')
  .option('--to <number>', 'the business number called (default TWILIO_DEFAULT_FROM)')
  .option('--confidence <0-1>', "Twilio's confidence in each transcription", '0.9')
  .option('--account <sid:token>', "a business's own Twilio subaccount: the webhooks are signed with its token")
  .action(
    async (typed: string, utterances: string[], options: { to?: string; confidence: string; account?: string }) => {
      const sim = client(options.account);
      const from = sim.phoneNumber(typed, '<from>');
      const to = options.to ? sim.phoneNumber(options.to, '--to') : sim.businessNumber;
      const confidence = Number(options.confidence);
      if (!(confidence >= 0 && confidence <= 1)) throw new StartupError('--confidence must be a number from 0 to 1');
      console.log(`${from} calls ${to}`);
      await playCall(sim, { from, to, utterances, confidence }, ({ speaker, text, ms }) =>
        console.log(
          speaker === 'twilio'
            ? `(${text})`
            : `${speaker === 'caller' ? 'Caller' : 'Assistant'}: ${text}${ms === undefined ? '' : `  [${ms} ms]`}`,
        ),
      );
    },
  );

program
  .command('status')
  .description('fire a status callback for a message, as Twilio would')
  .argument('<sid>', 'the MessageSid')
  .argument('<status>', 'queued, sent, delivered, undelivered, failed, read')
  .option('--error-code <code>', 'ErrorCode for failed/undelivered')
  .action(async (sid: string, status: string, options: { errorCode?: string }) => {
    const sim = client();
    const res = await sim.postWebhook('/twilio/status', {
      AccountSid: sim.config.twilio.accountSid,
      MessageSid: sid,
      SmsSid: sid,
      MessageStatus: status,
      SmsStatus: status,
      ApiVersion: '2010-04-01',
      ...(options.errorCode ? { ErrorCode: options.errorCode } : {}),
    });
    console.log(`status ${status} for ${sid}: HTTP ${res.status}`);
    if (res.status !== 200) process.exitCode = 1;
  });

program
  .command('burst')
  .description('send N inbound messages from N numbers; print webhook latency and time to reply')
  .argument('<n>', 'how many messages')
  .option('--concurrency <n>', 'webhooks in flight at once', '20')
  .option('--wait <seconds>', 'how long to wait for all replies', '60')
  .action(async (nText: string, options: { concurrency: string; wait: string }) => {
    const sim = client();
    const n = Number(nText);
    if (!Number.isInteger(n) || n < 1) throw new StartupError('n must be a positive integer');
    const base = 5_550_000_000 + Math.floor(Math.random() * 400_000) * 10;
    const numbers = Array.from({ length: n }, (_, i) => `+1${base + i}`);
    const sentAt = new Map<string, number>();
    const webhookMs: number[] = [];
    let failed = 0;
    const queue = [...numbers];
    await Promise.all(
      Array.from({ length: Math.min(Number(options.concurrency), n) }, async () => {
        for (let number = queue.shift(); number; number = queue.shift()) {
          sentAt.set(number, performance.now());
          const res = await sim.postWebhook('/twilio/inbound', sim.inboundParams(number, `burst ${number}`));
          webhookMs.push(res.ms);
          if (res.status !== 200) failed++;
        }
      }),
    );
    const replyMs = new Map<string, number>();
    const deadline = Date.now() + Number(options.wait) * 1000;
    while (replyMs.size < n - failed && Date.now() < deadline) {
      const now = performance.now();
      for (const m of await sim.allSent(Math.max(1000, n * 2))) {
        if (sentAt.has(m.to) && !replyMs.has(m.to)) replyMs.set(m.to, now - sentAt.get(m.to)!);
      }
      await sleep(50);
    }
    const summary = {
      messages: n,
      webhookErrors: failed,
      replied: replyMs.size,
      webhookMs: percentiles(webhookMs),
      timeToReplyMs: percentiles([...replyMs.values()]),
    };
    console.log(
      `webhook   p50 ${summary.webhookMs.p50} ms  p95 ${summary.webhookMs.p95} ms  p99 ${summary.webhookMs.p99} ms`,
    );
    console.log(
      `reply     p50 ${summary.timeToReplyMs.p50} ms  p95 ${summary.timeToReplyMs.p95} ms  p99 ${summary.timeToReplyMs.p99} ms  (${replyMs.size}/${n} replied)`,
    );
    console.log(JSON.stringify(summary));
    if (failed || replyMs.size < n) process.exitCode = 1;
  });

program
  .command('widget')
  .description('chat through the web chat widget as a site visitor would, and print the transcript')
  .argument('<text...>', 'the messages, one argument each: "Hello" "Can I book for Friday?"')
  .requiredOption('--token <token>', "the business's widget token (sbw_…, from POST /api/businesses/:id/widget-token)")
  .option('--visitor <id>', 'the visitor id (default: a new one)')
  .option('--phone <number>', 'the phone number the visitor proves first, with the code the app texts to it (E.164)')
  .option('--wait <seconds>', 'how long to wait for an answer that is not ready at once', '20')
  .action(async (messages: string[], options: { token: string; visitor?: string; phone?: string; wait: string }) => {
    const envFile = join(process.cwd(), '.env');
    if (existsSync(envFile)) process.loadEnvFile(envFile);
    const url = program.opts<{ url?: string }>().url ?? `http://127.0.0.1:${loadConfig(process.env).http.port}`;
    const { ok } = await playWidget(
      messages,
      {
        url,
        token: options.token,
        visitorId: options.visitor,
        phone: options.phone,
        watchTexts: (phone) => watchTexts(client(), phone),
        waitMs: Number(options.wait) * 1000,
      },
      (line) => console.log(line),
    );
    if (!ok) process.exitCode = 1;
  });

/** What the sandbox holds for `phone` now; the result waits up to 10 s for a text after those. */
async function watchTexts(sim: SimClient, phone: string): Promise<() => Promise<string | null>> {
  const before = new Set((await sim.sentTo(phone)).map((m) => m.sid));
  return async () => {
    for (let waited = 0; waited < 10_000; waited += 250) {
      const fresh = (await sim.sentTo(phone)).filter((m) => !before.has(m.sid));
      if (fresh.length) return fresh[fresh.length - 1].body;
      await sleep(250);
    }
    return null;
  };
}

runMain(async () => {
  await program.parseAsync(process.argv);
});
