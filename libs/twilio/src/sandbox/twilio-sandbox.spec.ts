import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { TwilioSandbox } from './twilio-sandbox';
import { setTimeout as sleep } from 'node:timers/promises';

const basic = (sandbox: TwilioSandbox, token = sandbox.authToken) =>
  `Basic ${Buffer.from(`${sandbox.accountSid}:${token}`).toString('base64')}`;

describe('TwilioSandbox', () => {
  const create = (sandbox: TwilioSandbox, form: Record<string, string>, token?: string) =>
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
    let url: string;
    const received: Array<{ params: Record<string, string>; signature: string }> = [];

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
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/twilio/status`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));
    beforeEach(() => (received.length = 0));

    const waitForCallbacks = async (n: number) => {
      for (let i = 0; i < 100 && received.length < n; i++) await sleep(20);
      return received;
    };

    it('posts queued → sent → delivered, each signed as Twilio signs', async () => {
      const sandbox = new TwilioSandbox({ autoCallbacks: true, callbackDelayMs: 10 });
      await create(sandbox, { To: '+15551234567', From: '+15005550006', Body: 'x', StatusCallback: url });
      const callbacks = await waitForCallbacks(3);
      expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['queued', 'sent', 'delivered']);
      for (const c of callbacks)
        expect(twilio.validateRequest(sandbox.authToken, c.signature, url, c.params)).toBe(true);
    });

    it('ends undelivered with 30003 for the magic number', async () => {
      const sandbox = new TwilioSandbox({ autoCallbacks: true, callbackDelayMs: 10, magicNumbers: true });
      await create(sandbox, { To: '+15005550030', From: '+15005550006', Body: 'x', StatusCallback: url });
      const callbacks = await waitForCallbacks(3);
      expect(callbacks[2].params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
    });
  });
});
