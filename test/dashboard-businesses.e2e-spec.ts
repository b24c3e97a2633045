import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { ADMIN_KEY, BUSINESS_NUMBER, Harness, waitFor } from './support';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';

const HOUR = 3_600_000;
/** The customer whose texts are redacted and deleted. */
const TEXTER = '+15557650101';
/** Sent a photo and a PDF. */
const SENDER = '+15557650102';
/** Wrote on WhatsApp 25 hours ago: the window is closed. */
const LAPSED = '+15557650103';
/** Wrote on WhatsApp just now: the window is open. */
const RECENT = '+15557650104';
/** A 1×1 PNG: a real image, so the thumbnail is decoded (naturalWidth 1), not just an <img> tag. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/**
 * The Businesses screens and the chat view's additions in real Chromium against the real API (on a
 * port, with a worker): the platform key creates a business, makes an API key (shown once),
 * suspends and resumes the business and sees its usage drawn; that business's key signs in
 * without the Businesses section and is told /businesses is not for it; a WhatsApp thread whose
 * window closed says so; inbound media shows as a thumbnail fetched through the API, and a link;
 * a message is redacted and another deleted, each after a confirmation. axe-core on each screen;
 * screenshots under test-artifacts/dashboard/.
 */
describe('the Businesses screens and the chat view in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;
  /** How the next confirm() is answered. */
  let confirmAnswer = true;
  /** The key the Businesses screen showed, once. */
  let businessKey = '';

  beforeAll(async () => {
    h = await Harness.start();
    await h.truncate();
    await h.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(h.api.getHttpServer().address() as AddressInfo).port}`;
    // The threads, through signed inbound webhooks.
    expect((await h.inbound(TEXTER, 'My card number is 4111 1111 1111 1111')).statusCode).toBe(200);
    expect((await h.inbound(TEXTER, 'Sorry, wrong chat')).statusCode).toBe(200);
    const media = {
      NumMedia: '2',
      MediaUrl0: h.twilio.addMedia(PNG, 'image/png'),
      MediaContentType0: 'image/png',
      MediaUrl1: h.twilio.addMedia(PDF, 'application/pdf'),
      MediaContentType1: 'application/pdf',
    };
    expect((await h.inbound(SENDER, 'The leak, and the quote', media)).statusCode).toBe(200);
    const toWhatsApp = { To: `whatsapp:${BUSINESS_NUMBER}` };
    expect((await h.inbound(`whatsapp:${LAPSED}`, 'Is the plumber coming?', toWhatsApp)).statusCode).toBe(200);
    expect((await h.inbound(`whatsapp:${RECENT}`, 'Thanks!', toWhatsApp)).statusCode).toBe(200);
    await h.settle();
    // LAPSED wrote 25 hours ago: its message and its contact's window say so.
    const lapsed = new Date(Date.now() - 25 * HOUR);
    await h.prisma.message.updateMany({ where: { participant: LAPSED }, data: { createdAt: lapsed } });
    await h.prisma.contact.updateMany({
      where: { businessId: DEFAULT_BUSINESS_ID, phone: LAPSED },
      data: { lastInboundWhatsappAt: lapsed },
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    page.setDefaultTimeout(8_000);
    page.on('dialog', (dialog) => void (confirmAnswer ? dialog.accept() : dialog.dismiss()));
    // Five threads through the worker, then Chromium: more than the default 30 s on a busy machine.
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  const expectAccessible = async (onPage: Page, screen: string) => {
    await screenshot(onPage, 'dashboard', screen);
    expect({ screen, violations: await seriousAxeViolations(onPage) }).toEqual({ screen, violations: [] });
  };
  const signIn = async (onPage: Page, key: string, path: string) => {
    await onPage.goto(`${base}${path}`);
    await onPage.getByLabel('API key').fill(key);
    await onPage.getByRole('button', { name: 'Sign in' }).click();
    await onPage.waitForURL(`${base}${path}`);
  };

  it('creates a business with the platform key, and an API key shown once', async () => {
    await signIn(page, ADMIN_KEY, '/conversations');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Businesses' }).click();
    await page.getByRole('heading', { name: 'Businesses', exact: true }).waitFor();
    const list = page.getByRole('region', { name: 'All businesses' }).getByRole('table');
    await list.getByRole('row', { name: /default/ }).waitFor();
    await expectAccessible(page, 'businesses');

    // A refusal sits under the field it names; the slug follows the name until it is edited.
    await page.getByLabel('Name', { exact: true }).fill('Acme Plumbing');
    await expect(page.getByLabel(/^Slug/).inputValue()).resolves.toBe('acme-plumbing');
    await page.getByLabel(/^Slug/).fill('Not A Slug!');
    await page.getByRole('button', { name: 'Create business' }).click();
    await page
      .locator('#business-slug-error')
      .filter({ hasText: /^slug / })
      .waitFor();
    await expect(page.getByLabel(/^Slug/).getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'businesses-refused');

    await page.getByLabel(/^Slug/).fill('acme-plumbing');
    await page.getByLabel(/^Time zone/).fill('America/Chicago');
    await page.getByRole('button', { name: 'Create business' }).click();
    await page.waitForURL(/\/businesses\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Acme Plumbing' }).waitFor();
    const acme = await h.prisma.business.findUniqueOrThrow({ where: { slug: 'acme-plumbing' } });
    expect(page.url()).toBe(`${base}/businesses/${acme.id}`);
    await page.getByText('No API key yet.').waitFor();

    await page.getByLabel('New key’s name').fill('front desk');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'shown only this once' });
    await shown.waitFor();
    businessKey = await shown.getByLabel('The key').inputValue();
    expect(businessKey).toMatch(/^sbk_/);
    await shown.getByRole('button', { name: 'Copy the key' }).waitFor();
    const keys = page.getByRole('region', { name: 'API keys' }).getByRole('table');
    await expect(keys.getByRole('row', { name: /front desk/ }).textContent()).resolves.toContain(
      businessKey.slice(0, 12),
    );
    await expectAccessible(page, 'business-key-created');

    // Revoking asks first: dismissed, nothing happens; accepted, the key is revoked.
    await page.getByLabel('New key’s name').fill('old kiosk');
    await page.getByRole('button', { name: 'Create API key' }).click();
    await keys.getByRole('row', { name: /old kiosk/ }).waitFor();
    confirmAnswer = false;
    await page.getByRole('button', { name: 'Revoke old kiosk' }).click();
    confirmAnswer = true;
    expect(await h.prisma.apiKey.count({ where: { businessId: acme.id, revokedAt: { not: null } } })).toBe(0);
    await page.getByRole('button', { name: 'Revoke old kiosk' }).click();
    await keys
      .getByRole('row', { name: /old kiosk/ })
      .getByText('Revoked')
      .waitFor();
    expect(await h.prisma.apiKey.count({ where: { businessId: acme.id, revokedAt: { not: null } } })).toBe(1);

    // Shown once: back on the screen later, only its prefix is left.
    await page.reload();
    await keys.getByRole('row', { name: /front desk/ }).waitFor();
    await expect(page.getByText('shown only this once').count()).resolves.toBe(0);
    expect(await page.content()).not.toContain(businessKey);
  }, 60_000);

  it('suspends and resumes the business, and draws its usage', async () => {
    const status = page.getByRole('region', { name: 'Status' });
    await status.getByText('Active').waitFor();
    await page.getByRole('button', { name: 'Suspend' }).click();
    await status.getByText('Suspended').waitFor();
    await expect(h.prisma.business.findUniqueOrThrow({ where: { slug: 'acme-plumbing' } })).resolves.toMatchObject({
      status: 'suspended',
    });
    await expectAccessible(page, 'business-suspended');
    await page.getByRole('button', { name: 'Resume' }).click();
    await status.getByText('Active').waitFor();
    await expect(h.prisma.business.findUniqueOrThrow({ where: { slug: 'acme-plumbing' } })).resolves.toMatchObject({
      status: 'active',
    });

    // The usage chart is uPlot's canvas; its numbers are in a table too.
    const usage = page.getByRole('region', { name: 'Usage' });
    await usage.locator('.usage-chart canvas').first().waitFor();
    await usage.getByText('in America/Chicago').waitFor();
    await usage.getByText('The numbers by day').click();
    await expect(usage.getByRole('table').getByRole('row').count()).resolves.toBe(1 + 30);
    await usage.getByLabel('Days').selectOption('7');
    await waitFor(async () => (await usage.getByRole('table').getByRole('row').count()) === 1 + 7, 'seven days');
    await expectAccessible(page, 'business-usage');

    // The default business's usage counts the texts this suite sent in.
    await page.goto(`${base}/businesses/${DEFAULT_BUSINESS_ID}`);
    await usage.locator('.usage-chart canvas').first().waitFor();
    const received = usage.locator('.counters div').filter({ hasText: 'Received' }).locator('dd');
    await expect(received.textContent()).resolves.toBe('5');
  });

  it("signs a business's key in without Businesses, and says /businesses is not for it", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const own = await context.newPage();
    own.setDefaultTimeout(8_000);
    await signIn(own, businessKey, '/conversations');
    await own.getByText('Acme Plumbing').first().waitFor();
    const nav = own.getByRole('navigation', { name: 'Sections' });
    await expect(nav.getByRole('link').allTextContents()).resolves.not.toContain('Businesses');
    await own.goto(`${base}/businesses`);
    await own.getByRole('alert').filter({ hasText: 'Not allowed: only the platform key' }).waitFor();
    await expectAccessible(own, 'businesses-not-allowed');
    await own.goto(`${base}/businesses/${DEFAULT_BUSINESS_ID}`);
    await own.getByRole('alert').filter({ hasText: 'Not allowed' }).waitFor();
    await context.close();
  });

  it("warns that a WhatsApp thread's 24-hour window is closed, and says until when an open one lasts", async () => {
    await page.goto(`${base}/conversations/${encodeURIComponent(LAPSED)}`);
    await page.getByText('Is the plumber coming?').waitFor();
    const closed = page.getByRole('status').filter({ hasText: 'WhatsApp’s 24-hour window is closed' });
    await closed.waitFor();
    await expect(closed.textContent()).resolves.toMatch(/more than 24 hours ago.*template/s);
    await expectAccessible(page, 'chat-whatsapp-closed');

    await page.goto(`${base}/conversations/${encodeURIComponent(RECENT)}`);
    await page.getByText('WhatsApp’s 24-hour window is open until').waitFor();
    await expect(page.getByText('window is closed').count()).resolves.toBe(0);
    // An SMS thread has no window to speak of.
    await page.goto(`${base}/conversations/${encodeURIComponent(TEXTER)}`);
    await page.getByText('Sorry, wrong chat').waitFor();
    await expect(page.getByText('24-hour window').count()).resolves.toBe(0);
  });

  it('shows inbound media: an image as a thumbnail fetched through the API, another file as a link', async () => {
    await page.goto(`${base}/conversations/${encodeURIComponent(SENDER)}`);
    const bubble = page.getByRole('listitem').filter({ hasText: 'The leak, and the quote' });
    const thumbnail = bubble.getByRole('img', { name: 'The image 1 of 2 they sent: open it full size' });
    await thumbnail.waitFor();
    await waitFor(
      () => thumbnail.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth === 1),
      'the image decoded',
    );
    const message = await h.prisma.message.findFirstOrThrow({ where: { participant: SENDER, direction: 'inbound' } });
    await expect(thumbnail.getAttribute('src')).resolves.toBe(`/api/messages/${message.sid}/media/0`);
    const file = bubble.getByRole('link', { name: 'Open the file 2 of 2 they sent (application/pdf)' });
    await expect(file.getAttribute('href')).resolves.toBe(`/api/messages/${message.sid}/media/1`);
    await expectAccessible(page, 'chat-media');
  });

  it('redacts one message and deletes another, each after a confirmation', async () => {
    await page.goto(`${base}/conversations/${encodeURIComponent(TEXTER)}`);
    const thread = page.getByRole('list', { name: 'Messages, oldest first' });
    const card = thread.getByRole('listitem').filter({ hasText: 'My card number' });
    await card.waitFor();
    // Each text also got the bot's answer: four bubbles.
    const before = await h.prisma.message.count({ where: { participant: TEXTER } });
    await waitFor(async () => (await thread.getByRole('listitem').count()) === before, 'every message shown');
    await expectAccessible(page, 'chat-actions');
    const inbound = () =>
      h.prisma.message.findMany({
        where: { participant: TEXTER, direction: 'inbound' },
        orderBy: { createdAt: 'asc' },
      });

    // Dismissed: nothing changes.
    confirmAnswer = false;
    await card.getByRole('button', { name: 'Redact' }).click();
    confirmAnswer = true;
    await expect(inbound()).resolves.toMatchObject([{ body: 'My card number is 4111 1111 1111 1111' }, {}]);

    await card.getByRole('button', { name: 'Redact' }).click();
    await card.waitFor({ state: 'detached' });
    await thread.getByRole('listitem').filter({ hasText: '(no text)' }).waitFor();
    await expect(inbound()).resolves.toMatchObject([{ body: '' }, { body: 'Sorry, wrong chat' }]);

    await thread
      .getByRole('listitem')
      .filter({ hasText: 'Sorry, wrong chat' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await thread.getByText('Sorry, wrong chat').waitFor({ state: 'detached' });
    await expect(inbound()).resolves.toMatchObject([{ body: '' }]);
    await expect(thread.getByRole('listitem').count()).resolves.toBe(before - 1);
    await expectAccessible(page, 'chat-redacted');
  });
});
