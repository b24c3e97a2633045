import { BUSINESS_NUMBER, Harness, waitFor } from './support';

/**
 * Enabling AI that cannot run (no key, no OPENAI_BASE_URL) used to turn the auto-reply off anyway
 * (200, active: false): the next customer got the generic bot answer instead of the business's own
 * auto-reply. Now the auto-reply stays on until AI can run, and the answer says so.
 */
describe('AI enabled without a key', () => {
  let h: Harness;
  const CUSTOMER = '+15557650001';

  beforeAll(async () => {
    h = await Harness.start({ env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined } });
    await h.truncate();
  });
  afterAll(() => h.close());

  it('keeps the auto-reply on and answering, and says why AI is not active', async () => {
    await h.admin('POST', '/api/auto-reply/config', { enabled: true, message: 'We open at 9, see you then.' });
    const enable = await h.admin('POST', '/api/ai/config', { enabled: true });
    expect(enable.statusCode).toBe(200);
    expect(enable.json()).toMatchObject({
      enabled: true,
      active: false,
      unavailableReason: expect.stringMatching(/no OpenAI API key/),
      autoReplyEnabled: true,
    });
    expect((await h.admin('GET', '/api/auto-reply/config')).json()).toMatchObject({ enabled: true });

    await h.inbound(CUSTOMER, 'are you open?');
    await waitFor(() => h.twilio.sent.some((m) => m.to === CUSTOMER), 'a reply to the customer');
    expect(h.twilio.sent.find((m) => m.to === CUSTOMER)).toMatchObject({
      body: 'We open at 9, see you then.',
      from: BUSINESS_NUMBER,
    });
  });

  it('turns the auto-reply off once AI can run (a key is stored)', async () => {
    const withKey = await h.admin('POST', '/api/ai/config', { enabled: true, apiKey: 'sk-test-0123456789abcd' });
    expect(withKey.json()).toMatchObject({ active: true, unavailableReason: null, autoReplyEnabled: false });
    expect((await h.admin('GET', '/api/auto-reply/config')).json()).toMatchObject({ enabled: false });
  });
});
