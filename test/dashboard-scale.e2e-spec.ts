import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { ADMIN_KEY, BUSINESS_NUMBER, Harness } from './support';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';

const CONVERSATIONS = 10_000;
/** The most rows the list may have in the page at once: a window's worth and its overscan, not the thousands loaded. */
const MOST_ROWS_RENDERED = 60;

/** Rows of the conversation list in the page now (a string: the tests' tsconfig has no DOM types). */
const RENDERED_ROWS = "document.querySelectorAll('ul.conversations > li').length";

/**
 * The conversation list with 10,000 conversations (issue 18): the first page arrives from the
 * server (paged, never all 10,000), the list renders only the rows near the window however many
 * are loaded, and scrolling loads the next pages. The time to the first row is printed for the
 * README's table; it is not asserted (timings belong in benchmarks, not tests).
 */
describe('the conversation list with 10,000 conversations', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.truncate();
    await h.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(h.api.getHttpServer().address() as AddressInfo).port}`;
    // One inbound text from each of 10,000 numbers, a minute apart: +15551000000 is the newest.
    await h.prisma.$executeRaw`
      INSERT INTO messages ("businessId", sid, direction, "from", "to", participant, body, status, source, "createdAt", "updatedAt")
      SELECT ${DEFAULT_BUSINESS_ID}::uuid, 'SM' || md5(n::text), 'inbound', '+1555' || (1000000 + n)::text,
        ${BUSINESS_NUMBER}, '+1555' || (1000000 + n)::text, 'Message number ' || n, 'received', 'inbound',
        now() - n * interval '1 minute', now()
      FROM generate_series(0, ${CONVERSATIONS - 1}) AS n`;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows the newest first fast, rendering a window of rows, not thousands', async () => {
    // Measured from a fresh navigation (the page and its script too), as an operator opening it.
    await page.goto(`${base}/health`);
    await page.getByRole('heading', { name: 'Health' }).waitFor();
    const started = Date.now();
    await page.goto(`${base}/conversations`);
    await page.getByRole('link', { name: /\+15551000000/ }).waitFor();
    const firstRowMs = Date.now() - started;
    console.log(`conversation list, ${CONVERSATIONS} conversations: first row after ${firstRowMs} ms`);

    expect(await page.evaluate(RENDERED_ROWS)).toBeLessThanOrEqual(MOST_ROWS_RENDERED);
    await screenshot(page, 'dashboard', 'conversations-10k');
    expect(await seriousAxeViolations(page)).toEqual([]);
  }, 60_000);

  it('loads the next pages as it scrolls, still rendering only a window of rows, in order', async () => {
    // To the end of what is loaded, again and again: each time the next page (50) is asked for.
    const row400 = page.getByRole('link', { name: /\+15551000400/ });
    for (let i = 0; i < 60 && (await row400.count()) === 0; i++) {
      await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
      await page.waitForTimeout(250);
    }
    await row400.scrollIntoViewIfNeeded();
    await row400.waitFor();
    expect(await page.evaluate(RENDERED_ROWS)).toBeLessThanOrEqual(MOST_ROWS_RENDERED);
    const positions = await page.evaluate<number[]>(
      "[...document.querySelectorAll('ul.conversations > li')].map((li) => Number(li.getAttribute('aria-posinset')))",
    );
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions[0]).toBeGreaterThan(100);
  }, 120_000);

  it('searches on the server, whatever is loaded', async () => {
    await page.getByLabel('Search by number or name').fill('555 100 9999');
    await page.getByRole('link', { name: /\+15551009999/ }).waitFor();
    await page.getByText('1 conversation, all shown.').waitFor();
    expect(await page.evaluate(RENDERED_ROWS)).toBe(1);
  });
});
