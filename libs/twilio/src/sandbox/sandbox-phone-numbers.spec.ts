import { TWILIO_DEMO_SMS_URL } from './sandbox-phone-numbers';
import { TwilioSandbox } from './twilio-sandbox';

const basic = (sandbox: TwilioSandbox, token = sandbox.authToken) =>
  `Basic ${Buffer.from(`${sandbox.accountSid}:${token}`).toString('base64')}`;

describe('TwilioSandbox IncomingPhoneNumbers', () => {
  const sandbox = new TwilioSandbox({ phoneNumbers: ['+15005550006', '+15005550007'] });
  const call = (
    method: string,
    path: string,
    options: { query?: string; form?: Record<string, string>; token?: string } = {},
  ) =>
    sandbox.handle({
      method,
      path: `/2010-04-01/Accounts/${sandbox.accountSid}/IncomingPhoneNumbers${path}.json`,
      query: new URLSearchParams(options.query ?? ''),
      authorization: basic(sandbox, options.token),
      form: options.form ?? {},
    });
  const sidOf = async (phoneNumber: string) => {
    const res = await call('GET', '', { query: `PhoneNumber=${encodeURIComponent(phoneNumber)}` });
    return (res.body as { incoming_phone_numbers: Array<{ sid: string }> }).incoming_phone_numbers[0].sid;
  };

  it('lists the account’s numbers, filtered by PhoneNumber, in Twilio’s shape', async () => {
    const all = await call('GET', '');
    expect(all.status).toBe(200);
    expect((all.body as { incoming_phone_numbers: unknown[] }).incoming_phone_numbers).toHaveLength(2);
    const one = await call('GET', '', { query: 'PhoneNumber=%2B15005550007' });
    expect(one.body).toMatchObject({
      incoming_phone_numbers: [
        {
          sid: expect.stringMatching(/^PN[0-9a-f]{32}$/),
          phone_number: '+15005550007',
          friendly_name: '(500) 555-0007',
          sms_url: TWILIO_DEMO_SMS_URL,
          sms_method: 'POST',
          account_sid: sandbox.accountSid,
        },
      ],
    });
    expect((await call('GET', '', { query: 'PhoneNumber=%2B19995550100' })).body).toMatchObject({
      incoming_phone_numbers: [],
    });
  });

  it('updates the webhooks it is given and nothing else; an empty value clears one', async () => {
    const sid = await sidOf('+15005550006');
    const res = await call('POST', `/${sid}`, {
      form: { SmsUrl: 'https://sms.example.com/twilio/inbound', SmsMethod: 'post', SmsFallbackUrl: '' },
    });
    expect(res).toMatchObject({
      status: 200,
      body: { sms_url: 'https://sms.example.com/twilio/inbound', sms_method: 'POST', sms_fallback_url: null },
    });
    expect((await call('GET', `/${sid}`)).body).toMatchObject({ sms_url: 'https://sms.example.com/twilio/inbound' });
    // The other number is untouched.
    expect((await call('GET', `/${await sidOf('+15005550007')}`)).body).toMatchObject({ sms_url: TWILIO_DEMO_SMS_URL });
  });

  it.each([
    [{ Colour: 'red' }, 20001],
    [{ SmsUrl: 'ftp://example.com/x' }, 21502],
    [{ SmsUrl: 'not a url' }, 21502],
    [{ SmsMethod: 'PUT' }, 20001],
    [{ SmsApplicationSid: 'AP123' }, 20001],
    [{ FriendlyName: 'x'.repeat(4_001) }, 21658],
  ])('refuses %j with %i and changes nothing', async (form, code) => {
    const sid = await sidOf('+15005550007');
    const before = JSON.stringify((await call('GET', `/${sid}`)).body);
    expect(await call('POST', `/${sid}`, { form: { SmsUrl: 'https://ok.example.com/', ...form } })).toMatchObject({
      status: 400,
      body: { code },
    });
    expect(JSON.stringify((await call('GET', `/${sid}`)).body)).toBe(before);
  });

  it('needs the account’s credentials, and knows only its own numbers', async () => {
    expect((await call('GET', '', { token: 'wrong' })).status).toBe(401);
    expect((await call('GET', '/PN00000000000000000000000000000000')).status).toBe(404);
    expect((await call('DELETE', `/${await sidOf('+15005550006')}`)).status).toBe(405);
  });
});
