import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_BUSINESS_ID } from '@app/common';
import { ADMIN_KEY, Harness, waitFor } from './support';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';

const ZONE = 'America/Chicago';
const CUSTOMER = '+15557654321';
const PATIENT = '+15557650099';
const ALL_WEEK = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "09:30" of an ISO time on the business's clock. */
const clockOf = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });

/**
 * The Reminders and Appointments screens in real Chromium against the real API on a port, with a
 * worker sending through the fake Twilio, the business on America/Chicago's clock: a reminder
 * created with its next runs shown as it is typed (from the API's own schedule rules), a refused
 * cron line, an edit, a pause and a send-now; opening hours set (a refusal shown under its day),
 * an appointment booked at a free time and seen in the week's calendar, an emergency highlighted,
 * the appointment rescheduled and cancelled; each change read back through the admin API, axe-core
 * finding no serious or critical violation on each screen, screenshots under test-artifacts/dashboard/.
 */
describe('the dashboard: Reminders and Appointments', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    h = await Harness.start({ env: { MAINTENANCE_INTERVAL_MS: '200' } });
    // Earlier suites' reminders, appointments and hours are not this one's starting point.
    await h.truncate();
    await h.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { timezone: ZONE } });
    h.businessesChanged();
    await h.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(h.api.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(8_000);
    // Cancelling an appointment asks first.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/reminders`);
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/reminders`);
    // Chromium's start and a first build of the harness are slow on a busy machine.
  }, 60_000);
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
  const runsShown = (name: string) => page.getByRole('list', { name }).getByRole('listitem').allTextContents();
  const reminders = async () => (await h.admin('GET', '/api/reminders')).json().items;

  it('creates a reminder, showing its next runs as the schedule is typed, and a refused cron line', async () => {
    await page.getByRole('heading', { name: 'Reminders', exact: true }).waitFor();
    await page.getByText('No reminder yet.').waitFor();
    await expectAccessible('reminders-empty');

    await page.getByLabel('To (phone number)').fill(CUSTOMER);
    await page.getByLabel('Message', { exact: true }).fill('Time for your medication.');
    await page.getByLabel('Every (minutes, at least 1)').fill('90');
    await waitFor(async () => (await runsShown('Next runs if saved now')).length === 5, 'five interval runs');

    await page.getByLabel('On a calendar (cron)').check();
    // The business's zone is the cron line's default.
    await expect(page.getByLabel('Time zone of the cron line').inputValue()).resolves.toBe(ZONE);
    await page.getByLabel('Cron line', { exact: true }).fill('every day');
    await page.getByText(/This schedule cannot be saved: cron is not a valid cron expression/).waitFor();
    await page.getByLabel('Cron line', { exact: true }).fill('30 9 * * 1-5');
    await waitFor(async () => (await runsShown('Next runs if saved now')).length === 5, 'five cron runs');
    const runs = await runsShown('Next runs if saved now');
    for (const run of runs) {
      expect(run).toMatch(/^(Mon|Tue|Wed|Thu|Fri)\b.*\b09:30\b/);
    }
    await expectAccessible('reminder-new');

    await page.getByRole('button', { name: 'Create reminder' }).click();
    await status(`Reminder to ${CUSTOMER} created.`).waitFor();
    const [created] = await reminders();
    expect(created).toMatchObject({ to: CUSTOMER, cron: '30 9 * * 1-5', timezone: ZONE, enabled: true });
    // What the form showed before saving is what the API now says it will do.
    expect(created.nextRuns.map((run: string) => clockOf(run))).toEqual(Array(5).fill('09:30'));
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: CUSTOMER }) });
    await expect(item.textContent()).resolves.toContain('30 9 * * 1-5 (America/Chicago)');
    // The new-reminder form is empty again.
    await expect(page.getByLabel('To (phone number)').inputValue()).resolves.toBe('');
  });

  it('edits the reminder to an interval, pauses it and sends it now', async () => {
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: CUSTOMER }) });
    await item.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: `Edit the reminder to ${CUSTOMER}` }).waitFor();
    // Unchanged, the form shows the saved runs.
    await expect(runsShown('Next runs')).resolves.toHaveLength(5);
    await page.getByLabel('Message', { exact: true }).fill('Time for your evening medication.');
    await page.getByLabel('Every so many minutes').check();
    await page.getByLabel('Every (minutes, at least 1)').fill('120');
    await waitFor(async () => (await runsShown('Next runs if saved now')).length === 5, 'the new runs');
    await page.getByRole('button', { name: 'Save reminder' }).click();
    await status(`Reminder to ${CUSTOMER} saved.`).waitFor();
    const [edited] = await reminders();
    expect(edited).toMatchObject({ body: 'Time for your evening medication.', intervalSeconds: 7200, cron: null });
    await expect(item.textContent()).resolves.toContain('Every 2 hours');

    await item.getByRole('button', { name: 'Pause' }).click();
    await status(`Reminder to ${CUSTOMER} paused.`).waitFor();
    await item.getByText('None while paused').waitFor();
    expect((await reminders())[0]).toMatchObject({ enabled: false, nextRuns: [] });

    await item.getByRole('button', { name: 'Send now' }).click();
    await status('Sent now').waitFor();
    await waitFor(
      () => h.twilio.sent.some((m) => m.to === CUSTOMER && m.body === 'Time for your evening medication.'),
      'the reminder sent through the fake Twilio',
    );
    await item.getByText('1 time').waitFor();
    expect((await reminders())[0]).toMatchObject({ sendCount: 1, enabled: false });

    await item.getByRole('button', { name: 'Resume' }).click();
    await status(`Reminder to ${CUSTOMER} resumed.`).waitFor();
    expect((await reminders())[0]).toMatchObject({ enabled: true });
    await expectAccessible('reminders');
  });

  it('sets the opening hours, showing a refusal under the day it names', async () => {
    // A customer's text that reads as an emergency, for today's summary.
    await h.prisma.business.update({ where: { id: DEFAULT_BUSINESS_ID }, data: { bookingEnabled: true } });
    h.businessesChanged();
    expect((await h.inbound(CUSTOMER, 'Help, a burst pipe in the kitchen!')).statusCode).toBe(200);
    await waitFor(
      async () => (await h.admin('GET', '/api/emergencies')).json().items.length === 1,
      'the emergency recorded',
    );

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Appointments' }).click();
    await page.getByRole('heading', { name: 'Appointments', exact: true }).waitFor();
    await page.getByText('No opening hours yet').waitFor();
    await page.getByText('Nothing booked this week.').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'burst pipe' }).first().waitFor();
    await expectAccessible('appointments-empty');

    for (const day of ALL_WEEK) await page.getByLabel(`${day} hours`).fill('08:00-12:00, 13:00-17:00');
    await page.getByLabel('Monday hours').fill('09:00-08:00');
    await page.getByRole('button', { name: 'Save opening hours' }).click();
    await page
      .locator('#hours-mon-error')
      .getByText(/^weeklyHours\.mon\.0\.end must be after/)
      .waitFor();
    await expect(page.getByLabel('Monday hours').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Monday hours').fill('08:00-12:00, 13:00-17:00');
    await page.getByLabel('Free minutes after each').fill('15');
    await page.getByRole('button', { name: 'Save opening hours' }).click();
    await status('Opening hours saved.').waitFor();
    const rules = (await h.admin('GET', '/api/availability')).json();
    expect(rules).toMatchObject({ slotMinutes: 60, bufferMinutes: 15, timezone: ZONE, maxPerDay: null });
    expect(rules.weeklyHours.sun).toEqual([
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    await page.getByText('No opening hours yet').waitFor({ state: 'detached' });
  });

  it('books an appointment at a free time and shows it in the week, an emergency standing out', async () => {
    const time = page.getByLabel('Time', { exact: true });
    await waitFor(async () => (await time.locator('option').count()) > 2, 'the free times');
    const startsAt = await time.locator('option').nth(1).getAttribute('value');
    await page.getByRole('button', { name: 'Book' }).click();
    // Nothing filled in: the API's refusal, each under its field.
    await page
      .locator('#book-phone-error')
      .getByText(/^phone/)
      .waitFor();
    await page
      .locator('#book-time-error')
      .getByText(/^startsAt must be a date-time/)
      .waitFor();

    await page.getByLabel('Customer’s phone number').fill(PATIENT);
    await time.selectOption(startsAt);
    await page.getByLabel('Service (optional)').fill('Leaking boiler');
    await page.getByLabel('Emergency', { exact: true }).check();
    await page.getByRole('button', { name: 'Book' }).click();
    await status(/^Booked: \+15557650099 on /).waitFor();
    const [booked] = (await h.admin('GET', `/api/appointments?contact=${encodeURIComponent(PATIENT)}`)).json().items;
    expect(booked).toMatchObject({ status: 'booked', isEmergency: true, service: 'Leaking boiler' });
    expect(new Date(booked.startsAt).toISOString()).toBe(new Date(startsAt!).toISOString());

    // In the calendar, on its day, in the business's time, marked an emergency.
    const card = page.locator('.appointment').filter({ hasText: PATIENT });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(`${clockOf(startsAt!)}–`);
    await card.getByText('Emergency').waitFor();
    await expect(card.evaluate((el) => el.className)).resolves.toContain('appointment-emergency');
    await expectAccessible('appointments');
  });

  it('reschedules the appointment and cancels it', async () => {
    const byApi = async () =>
      (await h.admin('GET', `/api/appointments?contact=${encodeURIComponent(PATIENT)}`)).json().items[0];
    const before = await byApi();
    const card = page.locator('.appointment').filter({ hasText: PATIENT });
    await card.getByRole('button', { name: 'Reschedule' }).click();
    const newTime = card.getByLabel('New time');
    await waitFor(async () => (await newTime.locator('option').count()) > 2, 'the free times');
    const movedTo = await newTime.locator('option').nth(2).getAttribute('value');
    await newTime.selectOption(movedTo);
    await expectAccessible('appointment-reschedule');
    await card.getByRole('button', { name: 'Move' }).click();
    await status(/^Moved: \+15557650099 is now on /).waitFor();
    const moved = await byApi();
    expect(new Date(moved.startsAt).toISOString()).toBe(new Date(movedTo!).toISOString());
    expect(moved.startsAt).not.toBe(before.startsAt);
    // The status line comes with the answer; the calendar shows the move once its list is fetched again.
    await waitFor(
      async () => (await card.textContent())?.includes(`${clockOf(movedTo!)}–`) ?? false,
      'the card at its new time',
    );

    await card.getByRole('button', { name: 'Cancel' }).click();
    await status(/^Cancelled: \+15557650099 on /).waitFor();
    expect(await byApi()).toMatchObject({ status: 'cancelled' });
    await card.getByText('Cancelled').waitFor();
    await expect(card.getByRole('button', { name: 'Reschedule' }).count()).resolves.toBe(0);
  });

  it('moves between weeks by keyboard, with a visible focus', async () => {
    const heading = page.getByRole('heading', { name: /^Week of / });
    const thisWeek = await heading.textContent();
    // Focus moved by the keyboard (a script's focus() would not show the ring): back one control and on again.
    await page.getByRole('button', { name: 'Next week' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate("document.activeElement?.textContent ?? ''")).resolves.toBe('Next week');
    const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await heading.textContent()) !== thisWeek, 'the next week');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(page.evaluate("document.activeElement?.textContent ?? ''")).resolves.toBe('Previous week');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await heading.textContent()) === thisWeek, 'back to the first week');
  });
});
