import { DEFAULT_BUSINESS_ID } from '@app/common';
import { randomBytes } from 'node:crypto';
import { Harness } from './support';

/**
 * The AI key at rest: sealed with AES-256-GCM under SECRETS_KEY, never stored or shown
 * in the clear, readable across a key rotation, and kept out of the errors a provider
 * echoes back. Each harness here boots the API on the same database with other keys.
 */
describe('Stored secrets', () => {
  const KEY = 'sk-live-abcdef1234567890';
  const first = randomBytes(32).toString('base64');
  const second = randomBytes(32).toString('base64');
  let h: Harness | null = null;

  const boot = async (env: Record<string, string | undefined>) => {
    await h?.close();
    h = await Harness.start({ worker: false, env });
    return h;
  };
  const stored = async () =>
    (await h!.prisma.aiConfig.findUniqueOrThrow({ where: { businessId: DEFAULT_BUSINESS_ID } })).apiKey;
  afterAll(() => h?.close());

  it('refuses to store a key without SECRETS_KEY, naming the variable, and stores nothing', async () => {
    const app = await boot({ SECRETS_KEY: undefined });
    await app.truncate();
    const res = await app.admin('POST', '/api/ai/config', { enabled: true, apiKey: KEY });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().message)).toMatch(/SECRETS_KEY/);
    expect(await app.prisma.aiConfig.findUnique({ where: { businessId: DEFAULT_BUSINESS_ID } })).toBeNull();
  });

  it('stores the key sealed, shows its last four characters, and calls the model with the key itself', async () => {
    const app = await boot({ SECRETS_KEY: first });
    const res = await app.admin('POST', '/api/ai/config', { enabled: true, apiKey: KEY });
    expect(res.json()).toMatchObject({ apiKey: '…7890', apiKeySet: true, active: true });
    const sealed = await stored();
    expect(sealed).toMatch(/^sb1\./);
    expect(sealed).not.toContain('abcdef');
    await app.admin('POST', '/api/ai/test', { prompt: 'ping' });
    expect(app.openai.requests.at(-1)!.authorization).toBe(`Bearer ${KEY}`);
  });

  it('keeps the key through a rotation, and seals it with the new key at start-up', async () => {
    const before = await stored();
    const app = await boot({ SECRETS_KEY: second, SECRETS_KEY_PREVIOUS: first });
    const after = await stored();
    expect(after).toMatch(/^sb1\./);
    expect(after!.split('.')[1]).not.toBe(before!.split('.')[1]); // another key id
    expect((await app.admin('GET', '/api/ai/config')).json()).toMatchObject({ apiKey: '…7890', active: true });

    const newKeyOnly = await boot({ SECRETS_KEY: second });
    await newKeyOnly.admin('POST', '/api/ai/test', { prompt: 'ping' });
    expect(newKeyOnly.openai.requests.at(-1)!.authorization).toBe(`Bearer ${KEY}`);
  });

  it('says why AI cannot run when no key at hand opens the stored one, and uses no other key instead', async () => {
    const app = await boot({ SECRETS_KEY: first });
    const config = (await app.admin('GET', '/api/ai/config')).json();
    expect(config).toMatchObject({ active: false, unavailableReason: expect.stringMatching(/SECRETS_KEY/) });
    expect((await app.admin('POST', '/api/ai/test', { prompt: 'ping' })).statusCode).toBe(400);
    expect(app.openai.requests).toHaveLength(0);
  });

  it('seals a key stored in the clear before sealing existed', async () => {
    await (
      await boot({ SECRETS_KEY: second })
    ).prisma.aiConfig.update({ where: { businessId: DEFAULT_BUSINESS_ID }, data: { apiKey: KEY } });
    const restarted = await boot({ SECRETS_KEY: second });
    expect(await stored()).toMatch(/^sb1\./);
    expect((await restarted.admin('GET', '/api/ai/config')).json()).toMatchObject({ apiKey: '…7890', active: true });
  });

  it('keeps the key out of the error a provider echoes back', async () => {
    const app = await boot({ SECRETS_KEY: second });
    app.openai.failNext(401);
    const res = await app.admin('POST', '/api/ai/test', { prompt: 'ping' });
    expect(res.statusCode).toBe(502);
    expect(res.body).toMatch(/Incorrect API key provided/);
    expect(res.body).not.toContain('abcdef');
  });
});
