import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, SANDBOX_DEFAULT_FROM } from '@app/config';
import { TWILIO_DEMO_SMS_URL, TwilioHttpClient } from '@app/twilio';
import { builtAppEnv, BuiltProcess, FakeTwilio, freePort, runCli, spawnBuilt } from './support';

/**
 * `npm run connect`: the built command against the built API's sandbox (whose account
 * owns TWILIO_DEFAULT_FROM), and in live mode against the tests' fake Twilio. What the
 * number's settings are is read back through the twilio SDK, not from the command's words.
 */
describe('npm run connect', () => {
  let api: BuiltProcess;
  let env: Record<string, string | undefined>;
  let base: string;
  let cwd: string;
  const connect = (...args: string[]) => runCli('connect', args, env, cwd);
  let http: TwilioHttpClient;
  /** The number as Twilio (here: the API's sandbox) has it, through the twilio SDK. */
  const sandboxNumber = async () => {
    const client = twilio(SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, { httpClient: http });
    const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: SANDBOX_DEFAULT_FROM, limit: 1 });
    return number;
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = builtAppEnv('connect', { PORT: String(port) });
    http = new TwilioHttpClient({ baseUrl: `${base}/sandbox`, connections: 1, timeoutMs: 5_000 });
    api = await spawnBuilt('api', { ...env, LOG_LEVEL: 'info' }, 'Nest application successfully started');
  }, 40_000);

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'connect-'));
  });

  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  afterAll(async () => {
    await http.close();
    if (!api) return;
    const exited = new Promise((resolve) => api.child.once('exit', resolve));
    api.child.kill('SIGTERM');
    await exited;
  });

  const records = () =>
    existsSync(join(cwd, '.switchboard', 'connect')) ? readdirSync(join(cwd, '.switchboard', 'connect')) : [];

  describe('in sandbox mode', () => {
    it('points the number at the app, says what it changed, and undoes it', async () => {
      expect((await sandboxNumber()).smsUrl).toBe(TWILIO_DEMO_SMS_URL);

      const dry = await connect(SANDBOX_DEFAULT_FROM, '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('--dry-run: nothing was changed');
      expect(dry.stdout).toContain(`${TWILIO_DEMO_SMS_URL}  →  ${base}/twilio/inbound`);
      expect((await sandboxNumber()).smsUrl).toBe(TWILIO_DEMO_SMS_URL);
      expect(records()).toEqual([]);

      // Written as a person would, in national form.
      const done = await connect('(500) 555-0006');
      expect(done).toMatchObject({ code: 0, stderr: '' });
      expect(done.stdout).toMatch(/A message comes in \(SmsUrl\)\s+https:\/\/demo\.twilio\.com\S*\s+→\s+http:\/\/127/);
      expect(done.stdout).toContain(`npm run connect -- ${SANDBOX_DEFAULT_FROM} --undo`);
      expect(done.stdout).toContain('next: npm run sim -- text');
      const connected = await sandboxNumber();
      expect({ smsUrl: connected.smsUrl, smsMethod: connected.smsMethod }).toEqual({
        smsUrl: `${base}/twilio/inbound`,
        smsMethod: 'POST',
      });
      expect(records()).toEqual([`${SANDBOX_ACCOUNT_SID}-${SANDBOX_DEFAULT_FROM}.json`]);

      const again = await connect(SANDBOX_DEFAULT_FROM);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('nothing to change');

      const undone = await connect(SANDBOX_DEFAULT_FROM, '--undo');
      expect(undone.code).toBe(0);
      expect(undone.stdout).toContain(`${base}/twilio/inbound  →  ${TWILIO_DEMO_SMS_URL}`);
      expect((await sandboxNumber()).smsUrl).toBe(TWILIO_DEMO_SMS_URL);
      expect(records()).toEqual([]);

      const twice = await connect(SANDBOX_DEFAULT_FROM, '--undo');
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('nothing to undo');
    }, 60_000);

    it('sets and clears a fallback URL, and an undo puts back the one before the first connect', async () => {
      await connect(SANDBOX_DEFAULT_FROM, '--fallback-url', 'https://handler.twilio.com/twiml/EH1');
      expect((await sandboxNumber()).smsFallbackUrl).toBe('https://handler.twilio.com/twiml/EH1');
      await connect(SANDBOX_DEFAULT_FROM, '--fallback-url', 'https://handler.twilio.com/twiml/EH2');
      expect((await sandboxNumber()).smsFallbackUrl).toBe('https://handler.twilio.com/twiml/EH2');
      const undone = await connect(SANDBOX_DEFAULT_FROM, '--undo');
      expect(undone.code).toBe(0);
      const number = await sandboxNumber();
      expect({ smsUrl: number.smsUrl, smsFallbackUrl: number.smsFallbackUrl || null }).toEqual({
        smsUrl: TWILIO_DEMO_SMS_URL,
        smsFallbackUrl: null,
      });
    }, 60_000);

    it.each([
      [['+15005550099'], 'is not a number of account'],
      [['hello'], 'hello is not a phone number'],
      [[SANDBOX_DEFAULT_FROM, '--fallback-url', 'ftp://x'], '--fallback-url must be an http(s) URL'],
    ])(
      'refuses %j in one line, changing nothing',
      async (args, message) => {
        const res = await connect(...args);
        expect(res.code).toBe(1);
        expect(res.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
        expect((await sandboxNumber()).smsUrl).toBe(TWILIO_DEMO_SMS_URL);
      },
      30_000,
    );

    it('checks first that the app answers at PUBLIC_BASE_URL', async () => {
      const other: Server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>hi'));
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      try {
        const wrong = await runCli(
          'connect',
          [SANDBOX_DEFAULT_FROM],
          { ...env, PUBLIC_BASE_URL: otherUrl, TWILIO_API_BASE_URL: `${base}/sandbox` },
          cwd,
        );
        expect(wrong.code).toBe(1);
        expect(wrong.stderr).toContain('but not as Switchboard does');
      } finally {
        await new Promise((resolve) => other.close(resolve));
      }
      const down = await runCli(
        'connect',
        [SANDBOX_DEFAULT_FROM],
        { ...env, PUBLIC_BASE_URL: `http://127.0.0.1:${await freePort()}`, TWILIO_API_BASE_URL: `${base}/sandbox` },
        cwd,
      );
      expect(down.code).toBe(1);
      expect(down.stderr).toContain('nothing answers at');
      expect(down.stderr).toContain('npm start');
      expect((await sandboxNumber()).smsUrl).toBe(TWILIO_DEMO_SMS_URL);
    }, 30_000);
  });

  describe('in live mode (the fake Twilio)', () => {
    const NUMBER = '+14155550100';
    let fake: FakeTwilio;
    let live: Record<string, string | undefined>;
    const liveConnect = (extra: Record<string, string>, ...args: string[]) =>
      runCli('connect', args, { ...live, ...extra }, cwd);
    const fakeNumber = () => {
      const res = fake.phoneNumbers.handle('GET', undefined, new URLSearchParams({ PhoneNumber: NUMBER }), {});
      return (res.body as { incoming_phone_numbers: Array<Record<string, unknown>> }).incoming_phone_numbers[0];
    };

    beforeAll(async () => {
      fake = await new FakeTwilio({ phoneNumbers: [NUMBER] }).start();
      live = {
        ...env,
        TWILIO_ACCOUNT_SID: fake.accountSid,
        TWILIO_AUTH_TOKEN: fake.authToken,
        TWILIO_API_BASE_URL: fake.url,
      };
    });

    afterAll(() => fake.close());

    it('refuses a PUBLIC_BASE_URL Twilio cannot reach, pointing at a tunnel, before calling Twilio', async () => {
      for (const url of ['http://127.0.0.1:3000', 'http://192.168.1.20:3000', 'http://localhost:3000']) {
        const res = await liveConnect({ PUBLIC_BASE_URL: url }, NUMBER);
        expect(res.code).toBe(1);
        expect(res.stderr).toContain('which Twilio cannot reach');
        expect(res.stderr).toContain('cloudflared tunnel --url');
      }
      const unset = await liveConnect({}, NUMBER);
      expect(unset.stderr).toContain('PUBLIC_BASE_URL is not set');
      expect(fake.requests).toEqual([]);
    }, 30_000);

    it('takes the number over from a TwiML app, names the account, and never prints the auth token', async () => {
      const sid = fakeNumber().sid as string;
      const app = `AP${'a'.repeat(32)}`;
      fake.phoneNumbers.handle('POST', sid, new URLSearchParams(), { SmsApplicationSid: app });
      const res = await liveConnect({ PUBLIC_BASE_URL: 'https://sms.example.com' }, NUMBER, '--skip-check');
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`Twilio account ${fake.accountSid}`);
      expect(res.stdout).toContain(`${app}  →  (none)`);
      expect(res.stdout).toContain('next: text +14155550100 from your phone');
      expect(res.stdout + res.stderr).not.toContain(fake.authToken);
      expect(fakeNumber()).toMatchObject({
        sms_url: 'https://sms.example.com/twilio/inbound',
        sms_method: 'POST',
        sms_application_sid: null,
      });
      const undone = await liveConnect({ PUBLIC_BASE_URL: 'https://sms.example.com' }, NUMBER, '--undo');
      expect(undone.code).toBe(0);
      expect(fakeNumber()).toMatchObject({ sms_url: TWILIO_DEMO_SMS_URL, sms_application_sid: app });
    }, 30_000);

    it('says which variables to check when Twilio refuses the credentials', async () => {
      const res = await liveConnect(
        { PUBLIC_BASE_URL: 'https://sms.example.com', TWILIO_AUTH_TOKEN: 'f'.repeat(32) },
        NUMBER,
        '--skip-check',
      );
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Twilio answered 401 (20003)');
      expect(res.stderr).toContain('check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
      expect(res.stderr).not.toContain('f'.repeat(32));
    }, 30_000);
  });
});
