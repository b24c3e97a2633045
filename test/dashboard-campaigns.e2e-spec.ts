import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_KEY, BUSINESS_NUMBER, Harness, waitFor } from './support';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';

/** Slow enough that a campaign of CAMPAIGN_SIZE is still sending when it is paused, fast enough for a short test. */
const RATE_PER_SECOND = 3;
const CAMPAIGN_SIZE = 12;
const numbers = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `+1555010${String(from + i).padStart(4, '0')}`);

/**
 * The Campaigns and Multi-SMS screens in real Chromium against the real API on a port, with a
 * worker sending through the fake Twilio at RATE_PER_SECOND: a batch sent and watched to the end
 * without a reload; a campaign created, previewed, launched, paused, resumed elsewhere (seen live),
 * finished and deleted, a refused delete shown in the API's words; axe-core on each screen; screenshots under test-artifacts/dashboard/.
 */
describe('the Campaigns and Multi-SMS screens in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    h = await Harness.start({
      env: { SEND_RATE_PER_SECOND: String(RATE_PER_SECOND), MAINTENANCE_INTERVAL_MS: '200', PRICE_PER_SEGMENT: '0.01' },
    });
    // Earlier suites' campaigns and settings are not this one's starting point.
    await h.truncate();
    await h.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(h.api.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(8_000);
    // Cancel and Delete ask first.
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  const expectAccessible = async (screen: string) => {
    await screenshot(page, 'dashboard', screen);
    expect({ screen, violations: await seriousAxeViolations(page) }).toEqual({ screen, violations: [] });
  };
  /** A <progress>'s value and max, as the page has them now. */
  const progressOf = (name: string) =>
    page
      .getByRole('progressbar', { name })
      .first()
      .evaluate((bar) => [Number(bar.getAttribute('value')), Number(bar.getAttribute('max'))]);

  it('sends a Multi-SMS batch, shows what was accepted, and its progress to the end without a reload', async () => {
    await page.goto(`${base}/multi-sms`);
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/multi-sms`);
    await page.getByRole('heading', { name: 'Multi-SMS' }).waitFor();
    await page.getByText('No batch sent yet.').waitFor();
    await expectAccessible('multi-sms-empty');

    const [first, second, third] = numbers(1, 3);
    await page.getByLabel('Phone numbers').fill(`${first}\n${second}; ${first}\nnot a number\n${third}`);
    await page.getByText('5 entries').waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('Closed Monday for the holiday. Reply STOP to opt out.');
    await page.getByText(/characters · 1 SMS segment · GSM-7/).waitFor();
    // The API's own count first (nothing is sent by a preview), then Send.
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' }).locator('dl');
    await expect(preview.textContent()).resolves.toMatch(
      /Valid numbers3Repeats \(sent once\)1Not numbers \(not sent\)1: not a numberSMS segments3 \(1 each, GSM-7\)Estimated cost0\.03/,
    );
    expect(h.twilio.sent).toHaveLength(0);
    // The same answer through inject, so the harness holds it to the OpenAPI document.
    const answer = await h.admin('POST', '/api/multi-sms/batches/preview', { body: 'Hi 🙂', recipients: [first, 'x'] });
    expect(answer.json()).toEqual({
      valid: 1,
      duplicates: 0,
      invalid: ['x'],
      maxRecipients: 250,
      segments: { encoding: 'UCS-2', segments: 1, characters: 4 },
      totalSegments: 1,
      estimatedCost: 0.01,
    });
    await expectAccessible('multi-sms-preview');
    await page.getByRole('button', { name: 'Send to 3 numbers' }).click();

    const accepted = page.getByRole('status').filter({ hasText: 'Sending to 3 numbers' });
    await accepted.waitFor();
    await expect(accepted.textContent()).resolves.toMatch(/1 repeated entry was dropped.*Not numbers.*not a number/s);
    // Live: each send and the batch's end come as `campaign` events; the page is never reloaded.
    const batch = page.getByRole('listitem').filter({ has: page.getByRole('progressbar') });
    await batch.getByText('Completed').waitFor({ timeout: 10_000 });
    const [value, max] = await batch
      .getByRole('progressbar')
      .evaluate((bar) => [Number(bar.getAttribute('value')), Number(bar.getAttribute('max'))]);
    expect(value).toBe(max);
    expect(
      h.twilio.sent
        .filter((m) => [first, second, third].includes(m.to))
        .map((m) => m.to)
        .sort(),
    ).toEqual([first, second, third].sort());
    // The new batch is open: every recipient and what became of it.
    const toggle = batch.getByRole('button', { name: /recipients/ });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    const rows = batch.getByRole('table').getByRole('row');
    await expect(rows.count()).resolves.toBe(1 + 5);
    await expect(batch.getByRole('row', { name: /not a number/ }).textContent()).resolves.toContain('invalid');
    await expectAccessible('multi-sms-sent');

    // Printed, the history keeps the recipients (collapsed on screen or not) and drops the navigation.
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await batch.getByRole('table').waitFor({ state: 'hidden' });
    await page.emulateMedia({ media: 'print' });
    await batch.getByRole('table').waitFor({ state: 'visible' });
    await expect(page.getByRole('navigation', { name: 'Sections' }).isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Preview' }).isVisible()).resolves.toBe(false);
    await screenshot(page, 'dashboard', 'multi-sms-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('creates a campaign, previews it, launches and pauses it, and follows it live', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns', exact: true }).waitFor();
    await page.getByText('No campaign yet.').waitFor();
    await expectAccessible('campaigns-empty');

    // A refusal in the API's words.
    await page.getByLabel('Name').fill('Spring sale');
    await page.getByRole('textbox', { name: 'Message' }).fill('Spring sale: 20% off this week. Reply STOP to opt out.');
    await page.getByLabel('Recipients').fill('not a number');
    await page.getByRole('button', { name: 'Create draft and preview' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not created:' }).waitFor();

    await page.getByLabel('Recipients').fill([...numbers(100, CAMPAIGN_SIZE), numbers(100, 1)[0]].join('\n'));
    await page.getByRole('button', { name: 'Create draft and preview' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').at(-1) as string;
    // The campaign's own address opens it on a reload too.
    await page.reload();
    await page.getByRole('heading', { name: 'Spring sale' }).waitFor();
    const facts = page.getByRole('region', { name: 'Preview: what launching will do' }).locator('dl');
    await facts.waitFor();
    await expect(facts.textContent()).resolves.toMatch(
      new RegExp(`Sent at once${CAMPAIGN_SIZE}.*Duplicates \\(sent once\\)1.*Messages${CAMPAIGN_SIZE}`, 's'),
    );
    await expectAccessible('campaign-draft');

    await page.getByRole('button', { name: 'Launch' }).click();
    const status = page.locator('.campaign-status');
    await status.getByText('Sending').waitFor();
    // The bar moves as the worker sends, without a reload.
    const name = 'Progress of Spring sale';
    await waitFor(async () => (await progressOf(name))[0] >= 3 || undefined, 'three sent', 8_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    await status.getByText('Paused').waitFor();
    // Still running: deleting it is refused, in the API's words.
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Not done: .*\(HTTP 409\)/ })
      .waitFor();
    const [paused, total] = await progressOf(name);
    expect(paused).toBeLessThan(total);
    await expectAccessible('campaign-paused');

    // Resumed elsewhere (the API): this screen hears of it and follows it to the end.
    expect((await h.admin('POST', `/api/campaigns/${id}/resume`)).statusCode).toBe(200);
    await status.getByText('Sending').waitFor();
    await status.getByText('Completed').waitFor({ timeout: 10_000 });
    const [done, max] = await progressOf(name);
    expect(done).toBe(max);
    await expectAccessible('campaign-completed');

    // The list shows it with its status and progress; deleting a finished one is allowed.
    await page.getByRole('link', { name: 'All campaigns' }).click();
    await page
      .getByRole('row', { name: /Spring sale/ })
      .getByText('Completed')
      .waitFor();
    await expectAccessible('campaigns');
    await page.getByRole('link', { name: 'Spring sale' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(`${base}/campaigns`);
    await page.getByText('No campaign yet.').waitFor();
  });

  it('creates a WhatsApp campaign with its own sender, quiet hours and template, each refusal shown at its field', async () => {
    await page.getByLabel('Name').fill('Reminder template');
    await page.getByRole('textbox', { name: 'Message' }).fill('');
    await page.getByLabel('Recipients').fill(numbers(300, 2).join('\n'));
    await page.getByText('Sender, quiet hours and template (optional)').click();
    await page.getByRole('radio', { name: 'WhatsApp' }).check();
    await page.getByLabel('Send from (empty: the business’s number or messaging service)').fill(BUSINESS_NUMBER);
    await page.getByLabel('From', { exact: true }).fill('20:00');
    await page.getByLabel('Until', { exact: true }).fill('09:30');
    await page.getByLabel(/^Time zone for numbers/).fill('Mars/Olympus_Mons');
    await page.getByLabel('Content SID (HX…)').fill(`HX${'a'.repeat(32)}`);
    await page.getByLabel(/^Template variables/).fill('{"1": "Friday"}');
    await page.getByRole('button', { name: 'Create draft and preview' }).click();
    // The API's refusal of the time zone, next to its control and tied to it.
    const zone = page.getByLabel(/^Time zone for numbers/);
    await expect(zone.getAttribute('aria-invalid')).resolves.toBe('true');
    await page
      .locator('#campaign-quiet-zone-error')
      .filter({ hasText: /timezone/ })
      .waitFor();
    await expectAccessible('campaign-options-refused');

    await zone.fill('America/Chicago');
    await page.getByRole('button', { name: 'Create draft and preview' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').at(-1) as string;
    const stored = (await h.admin('GET', `/api/campaigns/${id}`)).json();
    expect(stored).toMatchObject({
      channel: 'whatsapp',
      from: BUSINESS_NUMBER,
      contentSid: `HX${'a'.repeat(32)}`,
      contentVariables: { '1': 'Friday' },
      quietHours: { start: '20:00', end: '09:30', timezone: 'America/Chicago' },
    });
  });
});
