import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_KEY, Harness } from './support';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';

const CUSTOMER = '+15557654321';
const AUTO_REPLY = 'Thanks! We are out on a job and will text you back within the hour.';

/**
 * The dashboard's Settings and Contacts screens in real Chromium against the real API: the
 * auto-reply saved, a refusal shown next to the field it names, AI enabled (and the auto-reply
 * reported off), a test prompt answered by the fake OpenAI without anything sent, a contact opted
 * out and back in and renamed; each change read back through the admin API, axe-core finding no
 * serious or critical violation on each screen, screenshots under test-artifacts/dashboard/.
 */
describe('the dashboard: Settings and Contacts', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    // No worker: nothing here needs an answer sent, and the inbound text stays as it came.
    h = await Harness.start({ worker: false });
    await h.truncate();
    await h.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(h.api.getHttpServer().address() as AddressInfo).port}`;
    expect((await h.inbound(CUSTOMER, 'Can you come on Friday?')).statusCode).toBe(200);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(`${base}/settings`);
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/settings`);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.resetDefaultBusiness();
    await h?.close();
  });

  const expectAccessible = async (screen: string) => {
    await screenshot(page, 'dashboard', screen);
    expect({ screen, violations: await seriousAxeViolations(page) }).toEqual({ screen, violations: [] });
  };
  const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

  it('saves the auto-reply, showing a refusal next to the field it names', async () => {
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByLabel('Answer incoming texts with a fixed message').check();
    await page.getByLabel('Auto-reply message').fill('');
    await page.getByRole('button', { name: 'Save auto-reply' }).click();
    // The API's 400 names `message`: shown under that field, which points at it.
    const error = page.locator('#auto-reply-message-error');
    await error.getByText('message is required when auto-reply is enabled').waitFor();
    await expect(page.getByLabel('Auto-reply message').getAttribute('aria-describedby')).resolves.toBe(
      'auto-reply-message-error',
    );
    await expectAccessible('settings-refused');

    await page.getByLabel('Auto-reply message').fill(AUTO_REPLY);
    await page.getByRole('button', { name: 'Save auto-reply' }).click();
    await status('Auto-reply saved: on.').waitFor();
    await error.waitFor({ state: 'detached' });
    expect((await h.admin('GET', '/api/auto-reply/config')).json()).toMatchObject({
      enabled: true,
      message: AUTO_REPLY,
    });
    await expectAccessible('settings');
  });

  it('enables AI after warning that it turns the auto-reply off, and then reports the auto-reply off', async () => {
    await page.getByLabel('Temperature (0 to 2)').fill('3');
    await page.getByRole('button', { name: 'Save AI settings' }).click();
    await page
      .locator('#ai-temperature-error')
      .getByText(/^temperature must not be greater than 2/)
      .waitFor();

    await page.getByLabel('Temperature (0 to 2)').fill('0.4');
    await page.getByLabel('System prompt').fill('You answer for Acme Plumbing. Be brief.');
    await page.getByLabel('Answer incoming texts with AI').check();
    await page.getByText('Saving with AI enabled turns the auto-reply off').waitFor();
    await page.getByRole('button', { name: 'Save AI settings' }).click();
    await status('AI settings saved. AI is on; the auto-reply is off.').waitFor();
    await page.locator('.notice').filter({ hasText: 'The auto-reply is off.' }).waitFor();
    await expect(page.getByLabel('Answer incoming texts with a fixed message').isChecked()).resolves.toBe(false);
    // The auto-reply's own "saved: on" no longer stands.
    await status('Auto-reply saved: on.').waitFor({ state: 'detached' });
    expect((await h.admin('GET', '/api/ai/config')).json()).toMatchObject({
      enabled: true,
      active: true,
      temperature: 0.4,
      systemPrompt: 'You answer for Acme Plumbing. Be brief.',
      autoReplyEnabled: false,
    });
    expect((await h.admin('GET', '/api/auto-reply/config')).json()).toMatchObject({ enabled: false });
  });

  it('asks the model with a test prompt and shows its answer, sending nothing', async () => {
    await page.getByLabel('A customer’s message').fill('What are your hours?');
    await page.getByRole('button', { name: 'Ask the model' }).click();
    await page.getByText('AI answer to: What are your hours?').waitFor();
    expect(h.openai.requests.at(-1)?.messages[0]).toMatchObject({
      role: 'system',
      content: 'You answer for Acme Plumbing. Be brief.',
    });
    expect(h.twilio.sent).toHaveLength(0);
    await expectAccessible('settings-test-prompt');
  });

  it('lists the contacts and opens one: latest messages and a link to the chat', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: CUSTOMER });
    await expect(row.textContent()).resolves.toContain('Subscribed');
    await expectAccessible('contacts');

    await row.getByRole('link').click();
    await page.waitForURL(`${base}/contacts/${encodeURIComponent(CUSTOMER)}`);
    await page.getByRole('heading', { name: CUSTOMER }).waitFor();
    await page.getByRole('list', { name: 'Messages, oldest first' }).getByText('Can you come on Friday?').waitFor();
    await expect(page.getByRole('link', { name: 'Open the conversation' }).getAttribute('href')).resolves.toBe(
      `/conversations/${encodeURIComponent(CUSTOMER)}`,
    );
  });

  it('opts the contact out and back in, and edits its name and time zone', async () => {
    const contact = async () => (await h.admin('GET', `/api/contacts/${encodeURIComponent(CUSTOMER)}`)).json();
    await page.getByRole('button', { name: 'Opt out' }).click();
    await status(/^Opted out/).waitFor();
    await page.getByText('(set by hand)').waitFor();
    expect(await contact()).toMatchObject({ optedOut: true, optOutSource: 'api' });
    await expectAccessible('contact-opted-out');
    await page.getByRole('button', { name: 'Opt back in' }).click();
    await status('Opted back in.').waitFor();
    expect(await contact()).toMatchObject({ optedOut: false });

    await page.getByLabel('Name', { exact: true }).fill('Dana Smith');
    await page.getByLabel('Time zone', { exact: true }).fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page
      .locator('#contact-timezone-error')
      .getByText(/^timezone must be an IANA time zone/)
      .waitFor();
    await page.getByLabel('Time zone', { exact: true }).fill('America/Chicago');
    await page.getByLabel('Notes', { exact: true }).fill('Gate code 1234');
    await page.getByRole('button', { name: 'Save details' }).click();
    await status('Contact saved.').waitFor();
    await page.getByRole('heading', { name: 'Dana Smith' }).waitFor();
    expect(await contact()).toMatchObject({ name: 'Dana Smith', timezone: 'America/Chicago', notes: 'Gate code 1234' });
    await expectAccessible('contact');

    await page.getByRole('link', { name: 'Open the conversation' }).click();
    await page.waitForURL(`${base}/conversations/${encodeURIComponent(CUSTOMER)}`);
    await page.getByRole('heading', { name: 'Dana Smith' }).waitFor();
  });
});
