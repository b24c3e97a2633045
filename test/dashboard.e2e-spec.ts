import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { ADMIN_KEY, Harness, waitFor } from './support';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';

const CUSTOMER = '+15557654321';
/** Far from UTC, so a time shown on the wrong clock is off by half a day. */
const BUSINESS_ZONE = 'Pacific/Auckland';
const OTHER = '+15550001234';
const SECTIONS = [
  'Conversations',
  'Campaigns',
  'Multi-SMS',
  'Reminders',
  'Appointments',
  'Contacts',
  'Settings',
  'Health',
];

/** The text of what has the keyboard focus (page scripts are strings here: the tests' tsconfig has no DOM types). */
const FOCUSED_TEXT = "document.activeElement?.textContent ?? ''";

/**
 * The operator dashboard in real Chromium against the real API (listening on a port, with a
 * worker, on PostgreSQL and Redis): sign in with a key, the conversation list, a chat and its
 * reply, Health, sign out; axe-core finds no serious or critical violation on any screen, and
 * each screen is saved under test-artifacts/dashboard/. One browser for the whole file: starting
 * Chromium is the slow part.
 */
describe('the dashboard in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    h = await Harness.start();
    // Whatever an earlier suite left (its AI settings, say) is not this one's starting point.
    await h.truncate();
    await h.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(h.api.getHttpServer().address() as AddressInfo).port}`;
    // Conversations through the real path: signed inbound webhooks, and a contact named through the API.
    expect((await h.inbound(CUSTOMER, 'Is my order ready?')).statusCode).toBe(200);
    expect((await h.inbound(OTHER, 'STOP')).statusCode).toBe(200);
    await h.admin('PATCH', `/api/contacts/${encodeURIComponent(CUSTOMER)}`, { name: 'Ann Smith' });
    await h.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { timezone: BUSINESS_ZONE } });
    h.businessesChanged();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    page = await context.newPage();
    // Fail in seconds with the locator named, well inside Jest's timeout.
    page.setDefaultTimeout(8_000);
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

  it('sends a signed-out visitor to sign in, refuses a wrong key, and signs in with a right one', async () => {
    await page.goto(`${base}/conversations`);
    await page.waitForURL(`${base}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in to Switchboard' }).waitFor();
    await expectAccessible('sign-in');

    await page.getByLabel('API key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That key was not accepted' }).waitFor();
    await expectAccessible('sign-in-refused');

    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the visitor was going.
    await page.waitForURL(`${base}/conversations`);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'sb_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The key is nowhere the page's scripts (or anything injected into them) could read it later.
    const stored = await page.evaluate<string>(
      'JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie])',
    );
    expect(stored).not.toContain(ADMIN_KEY);
  });

  it('lists the conversations with names, opt-outs and channels, and searches them', async () => {
    const list = page.getByRole('list', { name: 'Conversations, most recent first' });
    const ann = list.getByRole('link', { name: /Ann Smith/ });
    await ann.waitFor();
    await expect(ann.textContent()).resolves.toMatch(/\+15557654321.*SMS.*1 unread/s);
    await expect(list.getByRole('link', { name: /\+15550001234/ }).textContent()).resolves.toContain('Opted out');
    // The sections, in order, and Businesses since this is the platform key.
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([...SECTIONS, 'Businesses']);
    await expectAccessible('conversations');
    // Times are on the business's clock, which the header names.
    await page.getByText(`times in ${BUSINESS_ZONE}`).waitFor();
    const time = ann.locator('time');
    const shown = await time.evaluate(
      (element, timeZone) =>
        element.textContent ===
        new Intl.DateTimeFormat(undefined, { timeZone, hour: '2-digit', minute: '2-digit' }).format(
          new Date(element.getAttribute('datetime') ?? ''),
        ),
      BUSINESS_ZONE,
    );
    expect(shown).toBe(true);

    await page.getByLabel('Search by number or name').fill('(555) 000-1234');
    await page.waitForURL(/q=/);
    await list.getByRole('link', { name: /Ann Smith/ }).waitFor({ state: 'detached' });
    await expect(list.getByRole('link').count()).resolves.toBe(1);
    await page.getByLabel('Search by number or name').fill('nobody at all');
    await page.getByText('No conversation matches “nobody at all”.').waitFor();
    await expectAccessible('conversations-no-match');
    // The Conversations link shows them all again, and the search box follows.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Conversations' }).click();
    await ann.waitFor();
    await expect(page.getByLabel('Search by number or name').inputValue()).resolves.toBe('');

    // A text that comes in now shows up without a reload (GET /api/events).
    expect((await h.inbound('+15550005678', 'Do you open on Sundays?')).statusCode).toBe(200);
    await list.getByRole('link', { name: /\+15550005678/ }).waitFor();
  });

  it('opens a chat, counts segments as the reply is typed, sends it and shows it in the thread', async () => {
    await page.getByRole('link', { name: /Ann Smith/ }).click();
    await page.waitForURL(`${base}/conversations/${encodeURIComponent(CUSTOMER)}`);
    await page.getByRole('heading', { name: 'Ann Smith' }).waitFor();
    const thread = page.getByRole('list', { name: 'Messages, oldest first' });
    await thread.getByText('Is my order ready?', { exact: true }).waitFor();

    const message = page.getByRole('textbox', { name: 'Message' });
    await message.fill('x'.repeat(161));
    await page.getByText('161 characters · 2 SMS segments · GSM-7').waitFor();
    await message.fill('Ready 🙂');
    await page.getByText(/characters · 1 SMS segment · UCS-2/).waitFor();
    await expectAccessible('chat');

    const reply = 'Yes, it is ready for pickup until 6 pm.';
    await message.fill(reply);
    await page.getByRole('button', { name: 'Send' }).click();
    await thread.getByText(reply).waitFor();
    await expect(message.inputValue()).resolves.toBe('');
    // It went the real way: stored, queued, and handed to Twilio by the worker; Twilio's status
    // callback then moves it to delivered on screen, without a reload.
    const sid = (await waitFor(
      () => h.twilio.sent.find((m) => m.body === reply && m.to === CUSTOMER)?.sid,
      'the reply',
    )) as string;
    await waitFor(() => h.prisma.message.findUnique({ where: { sid } }), 'the SID stored');
    expect((await h.status(sid, 'delivered', { To: CUSTOMER })).statusCode).toBe(200);
    await thread.getByRole('listitem').filter({ hasText: reply }).getByText('delivered').waitFor();
    // Opening the thread read it: the list no longer counts it unread.
    const conversations = (await h.admin('GET', '/api/conversations')).json().items;
    expect(conversations.find((c: { participant: string }) => c.participant === CUSTOMER).unreadCount).toBe(0);
    await screenshot(page, 'dashboard', 'chat-sent');
  });

  it('reaches every section by keyboard, with a visible focus, and shows Health', async () => {
    // From the top of a page opened anew (a reload would keep the focus where it was), signed in by the cookie.
    await page.close();
    page = await context.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(`${base}/conversations`);
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(FOCUSED_TEXT)).resolves.toBe('Skip to content');
    // Tab on until the Health link has the focus: every section before it is reachable too.
    const focusedSections: string[] = [];
    for (let i = 0; i < 20 && focusedSections.at(-1) !== 'Health'; i++) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate<string>(FOCUSED_TEXT);
      if (SECTIONS.includes(text)) focusedSections.push(text);
    }
    expect(focusedSections).toEqual(SECTIONS);
    const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/health`);
    await page.getByRole('heading', { name: 'Health' }).waitFor();
    await page.getByText('Everything answers.').waitFor();
    await expect(page.getByRole('table').textContent()).resolves.toContain('outbound');
    // The in-process worker beats a heartbeat: it is listed.
    await page.getByRole('heading', { name: 'Workers' }).waitFor();
    await expectAccessible('health');
  });

  it('has a screen for every section, and reloads any screen at its own address', async () => {
    for (const section of [...SECTIONS, 'Businesses']) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
      await page.getByRole('heading', { name: section, exact: true, level: 1 }).waitFor();
      await expect(page.getByText(/coming soon/i).count()).resolves.toBe(0);
    }
    await page.goto(`${base}/conversations/${encodeURIComponent(CUSTOMER)}`);
    await page.getByRole('heading', { name: 'Ann Smith' }).waitFor();
  });

  it('signs out, and then every screen asks to sign in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/sign-in`);
    await page.goto(`${base}/health`);
    await page.waitForURL(`${base}/sign-in`);
  });
});
