import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import { Harness, waitFor } from './support';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';

/**
 * Issue 17: the web chat as a visitor meets it, in real Chromium. A shop's page on another origin
 * embeds embed.js; its button opens chat.html (served by the API, framed only by the allowed
 * origin) which talks to the widget API: a question answered by the engine, then the phone proven
 * with the code the fake Twilio received, "Not me" to forget it. axe-core on the chat; screenshots
 * under test-artifacts/widget/.
 */
describe('the web chat widget in Chromium', () => {
  const CUSTOMER = '+12125550199';
  let h: Harness;
  let shop: Server;
  let shopUrl: string;
  let browser: Browser;
  let page: Page;
  /** Script errors of the shop page and the chat: there must be none. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    h = await Harness.start({ env: { WIDGET_REPLY_TIMEOUT_MS: '4000' } });
    await h.truncate();
    await h.api.listen(0, '127.0.0.1');
    const api = `http://127.0.0.1:${(h.api.getHttpServer().address() as AddressInfo).port}`;
    expect((await h.admin('POST', '/api/ai/config', { enabled: true })).statusCode).toBe(200);
    const token = (await h.admin('POST', '/api/businesses/default/widget-token')).json<{ token: string }>().token;
    // The shop's own site: another origin, the page a business pastes the script tag into.
    shop = createServer((_, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Acme Plumbing</h1></main>` +
          `<script src="${api}/widget/embed.js" data-token="${token}" async></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
    const allowed = await h.admin('PATCH', '/api/businesses/default', { widgetAllowedOrigins: [shopUrl] });
    expect(allowed.statusCode).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await h?.resetDefaultBusiness();
    await h?.close();
  });

  /** The chat's frame, once the button opened it. */
  async function chat(): Promise<Frame> {
    const handle = await page.waitForSelector('iframe#switchboard-chat:not([hidden])');
    const frame = await handle.contentFrame();
    if (!frame) throw new Error('the chat frame did not load');
    await frame.waitForSelector('#text');
    return frame;
  }

  it('opens from the shop page, answers a question, and passes axe-core', async () => {
    await page.goto(shopUrl);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const frame = await chat();
    await frame.getByLabel('Your message').fill('When are you open?');
    await frame.getByRole('button', { name: 'Send' }).click();
    await frame.locator('#log li.business', { hasText: 'AI answer to: When are you open?' }).waitFor();
    await screenshot(page, 'widget', 'chat-answered');
    const violations = await seriousAxeViolations(frame);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('proves the phone with the texted code, then talks as that customer; "Not me" forgets it', async () => {
    const frame = await chat();
    await frame.getByLabel(/Your phone/).fill(CUSTOMER);
    await frame.getByRole('button', { name: 'Text me a code' }).click();
    await frame.getByText('We texted a code to +1212***0199').waitFor();
    const text = await waitFor(() => h.twilio.sent.find((m) => m.to === CUSTOMER), 'the code at Twilio');
    const code = /\b(\d{6})\b/.exec(text!.body)![1];
    await frame.getByLabel('The code we texted to +1212***0199').fill(code);
    await screenshot(page, 'widget', 'chat-code');
    await frame.getByRole('button', { name: 'Confirm' }).click();
    await frame.getByText('Chatting as +1212***0199').waitFor();

    await frame.getByLabel('Your message').fill('It is me');
    await frame.getByRole('button', { name: 'Send' }).click();
    await frame.locator('#log li.business', { hasText: 'AI answer to: It is me' }).waitFor();
    const stored = await h.prisma.message.findFirst({ where: { body: 'It is me' } });
    expect(stored).toMatchObject({ participant: CUSTOMER, channel: 'web' });
    expect(await seriousAxeViolations(frame)).toEqual([]);

    await frame.getByRole('button', { name: 'Not me' }).click();
    await frame.getByLabel(/Your phone/).waitFor();
    // The visitor's id lives in the shop's own storage (a third-party frame's may be refused) and
    // reaches the chat in its fragment.
    const visitorId = await page.evaluate<string>("localStorage.getItem('switchboard.visitorId')");
    expect(new URL(frame.url()).hash).toBe(`#visitor=${visitorId}`);
    const forgotten = await h.api.inject({
      method: 'GET',
      url: `/api/widget/phone?visitorId=${visitorId}`,
      headers: { 'x-widget-token': new URL(frame.url()).searchParams.get('token')! },
    });
    expect(forgotten.json()).toEqual({ phone: null });
    await screenshot(page, 'widget', 'chat-forgotten');
    expect(pageErrors).toEqual([]);
  });
});
