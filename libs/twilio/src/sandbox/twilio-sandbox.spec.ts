import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { SandboxOptions, TwilioSandbox } from './twilio-sandbox';
import { setTimeout as sleep } from 'node:timers/promises';

const basic = (sandbox: TwilioSandbox, token = sandbox.authToken) =>
  `Basic ${Buffer.from(`${sandbox.accountSid}:${token}`).toString('base64')}`;

describe('TwilioSandbox', () => {
  const create = (sandbox: TwilioSandbox, form: Record<string, string | string[]>, token?: string) =>
    sandbox.handle({
      method: 'POST',
      path: `/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`,
      query: new URLSearchParams(),
      authorization: basic(sandbox, token),
      form,
    });

  it('accepts a message with an SM SID and an AC account, in Twilio’s shape', async () => {
    const sandbox = new TwilioSandbox();
    const res = await create(sandbox, { To: '+15551234567', From: '+15005550006', Body: 'hi' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      account_sid: expect.stringMatching(/^AC[0-9a-f]{32}$/),
      status: 'queued',
      direction: 'outbound-api',
      to: '+15551234567',
      num_media: '0',
    });
  });

  it('checks credentials and parameters like Twilio', async () => {
    const sandbox = new TwilioSandbox();
    expect((await create(sandbox, { To: '+1555', From: '+1', Body: 'x' }, 'wrong')).status).toBe(401);
    expect((await create(sandbox, { To: '+15551234567', From: '+1', Body: 'x', Colour: 'red' })).body).toMatchObject({
      code: 20001,
    });
    expect((await create(sandbox, { From: '+1', Body: 'x' })).body).toMatchObject({ code: 21604 });
    expect((await create(sandbox, { To: '+15551234567', Body: 'x' })).body).toMatchObject({ code: 21603 });
    expect((await create(sandbox, { To: '+15551234567', From: '+1' })).body).toMatchObject({ code: 21602 });
  });

  describe("WhatsApp's 24-hour window", () => {
    const HOUR = 3_600_000;
    const CUSTOMER = 'whatsapp:+15557654321';
    const SENDER = 'whatsapp:+15005550006';
    const TEMPLATE = `HX${'b'.repeat(32)}`;
    let now = Date.UTC(2026, 11, 6, 12);
    const sandboxAt = () => new TwilioSandbox({ now: () => now });
    const stored = (sandbox: TwilioSandbox, sid: unknown) => sandbox.message(String(sid));

    it('takes free text within 24 hours of the number writing to the sender', async () => {
      const sandbox = sandboxAt();
      sandbox.inboundReceived({ accountSid: sandbox.accountSid, from: CUSTOMER, to: SENDER });
      now += 23 * HOUR;
      const res = await create(sandbox, { To: CUSTOMER, From: SENDER, Body: 'still open' });
      expect(res.status).toBe(201);
      expect(stored(sandbox, (res.body as { sid: string }).sid)).toMatchObject({ status: 'queued', error_code: null });
    });

    it('accepts free text outside it and fails it with 63016, as Twilio does; a template goes', async () => {
      const sandbox = sandboxAt();
      sandbox.inboundReceived({ accountSid: sandbox.accountSid, from: CUSTOMER, to: SENDER });
      now += 24 * HOUR;
      const free = await create(sandbox, { To: CUSTOMER, From: SENDER, Body: 'too late' });
      expect(free.status).toBe(201);
      expect(stored(sandbox, (free.body as { sid: string }).sid)).toMatchObject({
        status: 'failed',
        error_code: 63016,
      });
      expect(sandbox.sent[0]).toMatchObject({ errorCode: 63016 });

      const template = await create(sandbox, {
        To: CUSTOMER,
        From: SENDER,
        ContentSid: TEMPLATE,
        ContentVariables: '{"1":"Ada"}',
      });
      expect(template.status).toBe(201);
      expect(stored(sandbox, (template.body as { sid: string }).sid)).toMatchObject({ status: 'queued' });
      expect(sandbox.sent[1]).toMatchObject({ contentSid: TEMPLATE, contentVariables: '{"1":"Ada"}', errorCode: null });
    });

    it('keeps windows apart per sender and account, and leaves SMS alone', async () => {
      const sandbox = sandboxAt();
      sandbox.inboundReceived({ accountSid: sandbox.accountSid, from: CUSTOMER, to: SENDER });
      const other = await create(sandbox, { To: CUSTOMER, From: 'whatsapp:+15005550007', Body: 'x' });
      expect(stored(sandbox, (other.body as { sid: string }).sid)).toMatchObject({ error_code: 63016 });
      const sms = await create(sandbox, { To: '+15557654321', From: '+15005550006', Body: 'x' });
      expect(stored(sandbox, (sms.body as { sid: string }).sid)).toMatchObject({ status: 'queued' });
    });

    it('refuses a malformed ContentSid (21655) and ContentVariables that are not a JSON object or lack ContentSid (21656)', async () => {
      const sandbox = sandboxAt();
      const base = { To: CUSTOMER, From: SENDER };
      expect((await create(sandbox, { ...base, ContentSid: 'HX123' })).body).toMatchObject({ code: 21655 });
      expect((await create(sandbox, { ...base, ContentSid: TEMPLATE, ContentVariables: '[1]' })).body).toMatchObject({
        code: 21656,
      });
      expect((await create(sandbox, { ...base, Body: 'x', ContentVariables: '{}' })).body).toMatchObject({
        code: 21656,
      });
      expect(sandbox.sent).toHaveLength(0);
    });
  });

  describe('subaccounts', () => {
    const sub = { sid: 'AC' + 'a'.repeat(32), token: 'subaccount-token' };
    const as = (sandbox: TwilioSandbox, sid: string, token: string, method: string, path: string, form = {}) =>
      sandbox.handle({
        method,
        path: `/2010-04-01/Accounts/${sid}/${path}`,
        query: new URLSearchParams(),
        authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`,
        form,
      });

    it('accepts a subaccount with its own token only, and records which account sent', async () => {
      const sandbox = new TwilioSandbox();
      sandbox.addSubaccount(sub.sid, sub.token);
      const form = { To: '+15551234567', From: '+15005550006', Body: 'x' };
      expect((await as(sandbox, sub.sid, 'wrong', 'POST', 'Messages.json', form)).status).toBe(401);
      // The main account's token does not open the subaccount, nor the other way round.
      expect((await as(sandbox, sub.sid, sandbox.authToken, 'POST', 'Messages.json', form)).status).toBe(401);
      expect((await as(sandbox, sandbox.accountSid, sub.token, 'POST', 'Messages.json', form)).status).toBe(401);
      const unknown = 'AC' + 'c'.repeat(32);
      expect((await as(sandbox, unknown, sub.token, 'POST', 'Messages.json', form)).status).toBe(401);
      const res = await as(sandbox, sub.sid, sub.token, 'POST', 'Messages.json', form);
      expect(res).toMatchObject({ status: 201, body: { account_sid: sub.sid } });
      expect(sandbox.sent.map((m) => m.accountSid)).toEqual([sub.sid]);
    });

    it('keeps each account to its own messages: lists, fetches and deletes', async () => {
      const sandbox = new TwilioSandbox({ subaccountToken: (sid) => (sid === sub.sid ? sub.token : undefined) });
      const form = { To: '+15551234567', From: '+15005550006', Body: 'x' };
      const mine = (await as(sandbox, sub.sid, sub.token, 'POST', 'Messages.json', form)).body as { sid: string };
      const main = (await create(sandbox, form)).body as { sid: string };
      const listed = (await as(sandbox, sub.sid, sub.token, 'GET', 'Messages.json')).body as {
        messages: Array<{ sid: string }>;
      };
      expect(listed.messages.map((m) => m.sid)).toEqual([mine.sid]);
      expect((await as(sandbox, sub.sid, sub.token, 'GET', `Messages/${main.sid}.json`)).status).toBe(404);
      expect((await as(sandbox, sub.sid, sub.token, 'DELETE', `Messages/${main.sid}.json`)).status).toBe(404);
      expect(sandbox.message(main.sid)).toBeDefined();
      expect((await as(sandbox, sub.sid, sub.token, 'GET', 'IncomingPhoneNumbers.json')).status).toBe(404);
    });
  });

  it.each([
    ['+15005550001', 21211],
    ['+15005550004', 21610],
    ['+15005550009', 21614],
  ])('fails on purpose for the magic number %s (%i)', async (to, code) => {
    const sandbox = new TwilioSandbox({ magicNumbers: true });
    const res = await create(sandbox, { To: to, From: '+15005550006', Body: 'x' });
    expect(res).toMatchObject({ status: 400, body: { code } });
  });

  describe('status callbacks', () => {
    let server: Server;
    /** The app's own base URL (PUBLIC_BASE_URL), and its status webhook. */
    let base: string;
    let url: string;
    const received: Array<{ params: Record<string, string>; signature: string }> = [];
    /** Some other local server, which nothing may make the sandbox call. */
    let other: Server;
    let otherUrl: string;
    let otherHits = 0;

    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          received.push({
            params: Object.fromEntries(new URLSearchParams(body)),
            signature: String(req.headers['x-twilio-signature']),
          });
          res.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      url = `${base}/twilio/status`;
      other = createServer((_req, res) => {
        otherHits++;
        res.end();
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await new Promise((resolve) => other.close(resolve));
    });
    beforeEach(() => {
      received.length = 0;
      otherHits = 0;
    });
    const callingBack = (options: Partial<SandboxOptions> = {}) =>
      new TwilioSandbox({ autoCallbacks: true, callbackDelayMs: 10, callbackBaseUrls: [base], ...options });

    const waitForCallbacks = async (n: number) => {
      for (let i = 0; i < 100 && received.length < n; i++) await sleep(20);
      return received;
    };

    it('posts queued → sent → delivered, each signed as Twilio signs', async () => {
      const sandbox = callingBack();
      await create(sandbox, { To: '+15551234567', From: '+15005550006', Body: 'x', StatusCallback: url });
      const callbacks = await waitForCallbacks(3);
      expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['queued', 'sent', 'delivered']);
      for (const c of callbacks)
        expect(twilio.validateRequest(sandbox.authToken, c.signature, url, c.params)).toBe(true);
    });

    it("signs a subaccount's callbacks with its own token and names it in AccountSid", async () => {
      const sub = { sid: 'AC' + 'b'.repeat(32), token: 'subaccount-token' };
      const sandbox = callingBack({ subaccountToken: (sid) => (sid === sub.sid ? sub.token : undefined) });
      const res = await sandbox.handle({
        method: 'POST',
        path: `/2010-04-01/Accounts/${sub.sid}/Messages.json`,
        query: new URLSearchParams(),
        authorization: `Basic ${Buffer.from(`${sub.sid}:${sub.token}`).toString('base64')}`,
        form: { To: '+15551234567', From: '+15005550006', Body: 'x', StatusCallback: url },
      });
      expect(res).toMatchObject({ status: 201, body: { account_sid: sub.sid } });
      const callbacks = await waitForCallbacks(3);
      for (const c of callbacks) {
        expect(c.params.AccountSid).toBe(sub.sid);
        expect(twilio.validateRequest(sub.token, c.signature, url, c.params)).toBe(true);
        expect(twilio.validateRequest(sandbox.authToken, c.signature, url, c.params)).toBe(false);
      }
    });

    it('ends undelivered with 30003 for the magic number', async () => {
      const sandbox = callingBack({ magicNumbers: true });
      await create(sandbox, { To: '+15005550030', From: '+15005550006', Body: 'x', StatusCallback: url });
      const callbacks = await waitForCallbacks(3);
      expect(callbacks[2].params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
    });

    it('refuses a StatusCallback anywhere but the app’s own URL with 21609: nothing stored, nothing called (SSRF)', async () => {
      const sandbox = callingBack();
      const port = new URL(otherUrl).port;
      const refused = [
        `${otherUrl}/x`, // another local server
        `http://localhost:${port}/twilio/status`,
        `${base.replace('http:', 'https:')}/twilio/status`, // same host and port, other scheme
        `http://user:pass@${base.slice('http://'.length)}/twilio/status`,
        'http://169.254.169.254/latest/meta-data/',
        'file:///etc/passwd',
        'not a url',
        `${url}?${'x'.repeat(4_000)}`, // over Twilio's 4,000 characters
      ];
      for (const statusCallback of refused) {
        const res = await create(sandbox, {
          To: '+15551234567',
          From: '+15005550006',
          Body: 'x',
          StatusCallback: statusCallback,
        });
        expect({ statusCallback, res }).toEqual({
          statusCallback,
          res: { status: 400, body: expect.objectContaining({ code: 21609, status: 400 }) },
        });
      }
      expect(sandbox.sent).toHaveLength(0);
      const list = await sandbox.handle({
        method: 'GET',
        path: `/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`,
        query: new URLSearchParams(),
        authorization: basic(sandbox),
        form: {},
      });
      expect((list.body as { messages: unknown[] }).messages).toHaveLength(0);
      await sleep(100); // ten callback delays: any callback would have been made
      expect(otherHits).toBe(0);
      expect(received).toHaveLength(0);
    });

    it('accepts a StatusCallback under the base URL’s path only', async () => {
      const sandbox = new TwilioSandbox({ callbackBaseUrls: [`${base}/app/`] });
      const status = (statusCallback: string) =>
        create(sandbox, { To: '+15551234567', From: '+15005550006', Body: 'x', StatusCallback: statusCallback }).then(
          (res) => res.status,
        );
      expect(await status(`${base}/app/twilio/status?x=1`)).toBe(201);
      expect(await status(`${base}/app`)).toBe(201);
      expect(await status(`${base}/application/twilio/status`)).toBe(400);
      expect(await status(`${base}/app/../admin`)).toBe(400); // /admin once parsed
      expect(await status(`${base}/twilio/status`)).toBe(400);
      expect(sandbox.sent.map((m) => m.statusCallback)).toEqual([`${base}/app/twilio/status?x=1`, `${base}/app`]);
      // Without callbackBaseUrls, no StatusCallback at all.
      expect(
        await create(new TwilioSandbox(), { To: '+1555', From: '+1', Body: 'x', StatusCallback: url }),
      ).toMatchObject({
        status: 400,
        body: { code: 21609 },
      });
    });

    it('answers 429 (20429) while 1,000 messages still wait for their callbacks', async () => {
      const sandbox = callingBack({ callbackDelayMs: 60_000 });
      const form = { To: '+15551234567', From: '+15005550006', Body: 'x', StatusCallback: url };
      try {
        for (let i = 0; i < 1_000; i++) expect((await create(sandbox, form)).status).toBe(201);
        expect(await create(sandbox, form)).toMatchObject({ status: 429, body: { code: 20429 } });
        expect(sandbox.sent).toHaveLength(1_000);
      } finally {
        sandbox.stop();
      }
      expect((await create(sandbox, form)).status).toBe(201);
      sandbox.stop();
    });
  });

  describe('bounds (its credentials are public: whoever reaches it can send through it)', () => {
    const BASE = 'https://switchboard.test';
    const form = (extra: Record<string, string | string[]>) => ({
      To: '+15551234567',
      From: '+15005550006',
      Body: 'x',
      ...extra,
    });
    const codeOf = async (sandbox: TwilioSandbox, extra: Record<string, string | string[]>) => {
      const res = await create(sandbox, form(extra));
      return res.status === 201 ? 201 : `${res.status} ${(res.body as { code: number }).code}`;
    };

    it('refuses what Twilio refuses, with Twilio’s codes', async () => {
      const sandbox = new TwilioSandbox();
      const media = (n: number, url = 'https://example.com/a.jpg') => Array.from({ length: n }, () => url);
      expect(await codeOf(sandbox, { Body: 'b'.repeat(1_600) })).toBe(201);
      expect(await codeOf(sandbox, { Body: 'b'.repeat(1_601) })).toBe('400 21617');
      expect(await codeOf(sandbox, { MediaUrl: media(10) })).toBe(201);
      expect(await codeOf(sandbox, { MediaUrl: media(11) })).toBe('400 21623');
      expect(await codeOf(sandbox, { MediaUrl: media(1, `https://example.com/${'m'.repeat(2_064)}`) })).toBe(201);
      expect(await codeOf(sandbox, { MediaUrl: media(1, `https://example.com/${'m'.repeat(2_065)}`) })).toBe(
        '400 21620',
      );
      expect(await codeOf(sandbox, { MediaUrl: media(1, 'ftp://example.com/a.jpg') })).toBe('400 21620');
      expect(await codeOf(sandbox, { MediaUrl: media(1, 'a.jpg') })).toBe('400 21620');
      expect(await codeOf(sandbox, { To: `+1${'5'.repeat(255)}` })).toBe('400 21658');
      expect(await codeOf(sandbox, { From: `+1${'5'.repeat(255)}` })).toBe('400 21658');
      expect(await codeOf(sandbox, { ContentVariables: 'v'.repeat(4_001) })).toBe('400 21658');
      expect(sandbox.sent).toHaveLength(3);
    });

    it('refuses a redaction (update) to a body over 1,600 characters', async () => {
      const sandbox = new TwilioSandbox();
      const sid = ((await create(sandbox, form({}))).body as { sid: string }).sid;
      const update = (body: string) =>
        sandbox.handle({
          method: 'POST',
          path: `/2010-04-01/Accounts/${sandbox.accountSid}/Messages/${sid}.json`,
          query: new URLSearchParams(),
          authorization: basic(sandbox),
          form: { Body: body },
        });
      expect(await update('b'.repeat(1_601))).toMatchObject({ status: 400, body: { code: 21617 } });
      expect(await update('')).toMatchObject({ status: 200, body: { body: '' } });
    });

    /**
     * The pen test's attack: many creates, each as big as the sandbox takes. What it keeps
     * (the `sent` log and the history list returns) must stay under a fixed bound: 1,000
     * messages of at most 32,000 characters. The old sandbox kept 10,000 `sent` entries
     * and any number of media URLs of any length.
     */
    it('keeps at most 1,000 messages of bounded size, however many and however big the creates', async () => {
      const sandbox = new TwilioSandbox({ callbackBaseUrls: [BASE] });
      const retainedChars = async () => {
        const sent = sandbox.sent.reduce(
          (sum, m) =>
            sum +
            m.sid.length +
            m.to.length +
            (m.from?.length ?? 0) +
            m.body.length +
            (m.messagingServiceSid?.length ?? 0) +
            (m.statusCallback?.length ?? 0) +
            m.mediaUrls.reduce((n, u) => n + u.length, 0),
          0,
        );
        const list = await sandbox.handle({
          method: 'GET',
          path: `/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`,
          query: new URLSearchParams({ PageSize: '1000' }),
          authorization: basic(sandbox),
          form: {},
        });
        return sent + JSON.stringify((list.body as { messages: unknown[] }).messages).length;
      };
      const BOUND = 1_000 * 32_000;
      // The largest create the sandbox accepts.
      const biggest = {
        To: `+1${'5'.repeat(254)}`,
        From: `+1${'6'.repeat(254)}`,
        Body: 'b'.repeat(1_600),
        MediaUrl: Array.from({ length: 10 }, (_, i) => `https://example.com/${i}${'m'.repeat(2_063)}`),
        StatusCallback: `${BASE}/twilio/status?${'q'.repeat(4_000 - BASE.length - '/twilio/status?'.length)}`,
      };
      for (let i = 0; i < 2_500; i++) {
        const res = await create(sandbox, biggest);
        if (res.status !== 201) throw new Error(`create ${i}: ${JSON.stringify(res.body)}`);
      }
      const full = await retainedChars();
      expect(full).toBeGreaterThan(1_000 * 25_000); // the accounting sees the kept messages
      expect(full).toBeLessThan(BOUND);
      // Bigger than that is refused, and keeps nothing more.
      const bigger = [
        { MediaUrl: Array.from({ length: 1_000 }, () => `https://example.com/${'m'.repeat(1_000)}`) },
        { MediaUrl: [`https://example.com/${'m'.repeat(1_000_000)}`] },
        { Body: 'b'.repeat(1_000_000) },
        { To: `+1${'5'.repeat(1_000_000)}` },
        { StatusCallback: `${BASE}/twilio/status?${'q'.repeat(1_000_000)}` },
      ];
      for (let i = 0; i < 500; i++) {
        const res = await create(sandbox, { ...biggest, ...bigger[i % bigger.length] });
        expect(res.status).toBe(400);
      }
      expect(await retainedChars()).toBe(full);
    });
  });
});
