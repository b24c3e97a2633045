import type { Clock } from '@app/common';
import { loadConfig } from '@app/config';
import type {
  AppointmentRemindersRepository,
  BusinessRoute,
  BusinessRoutes,
  ReminderCandidate,
  ReminderOutcome,
} from '@app/database';
import type { JobQueue } from '@app/queue';
import { BusinessDefaults } from '../businesses/business-defaults';
import { BusinessTwilio } from '../businesses/business-twilio';
import { AppointmentReminderScheduler } from './appointment-reminder-scheduler';

/** Tue 1 Dec 2026, 9:00:30 in New York. */
const NOW = new Date('2026-12-01T14:00:30Z');
const ACME = '00000000-0000-4000-8000-00000000ac1e';
const BARE = '00000000-0000-4000-8000-00000000ba1e';

const route = (id: string, fields: Partial<BusinessRoute> = {}): BusinessRoute => ({
  id,
  slug: id.slice(-4),
  name: `Business ${id.slice(-4)}`,
  status: 'active',
  twilio: null,
  twilioUnavailable: false,
  messagingServiceSid: null,
  numbers: [],
  timezone: 'America/New_York',
  quietHours: { start: '21:00', end: '08:00' },
  bookingEnabled: false,
  longReplies: 'cut',
  voiceGreeting: null,
  ownerPhone: null,
  emergencyKeywords: [],
  safetyLine: null,
  ...fields,
});

const candidate = (fields: Partial<ReminderCandidate>): ReminderCandidate => ({
  id: 'a1',
  businessId: ACME,
  // Wed 2 Dec, 9:00 in New York: due at NOW less 30 s.
  startsAt: new Date('2026-12-02T14:00:00Z'),
  businessName: 'Acme Plumbing',
  reminderHours: 24,
  bookingEnabled: true,
  phone: '+15557654321',
  contactOptedOut: false,
  ...fields,
});

/** The scheduler over strict fakes: the repository records what it is given, the clock is fixed. */
function setUp(candidates: ReminderCandidate[]) {
  const table = new Map([
    [ACME, route(ACME, { numbers: [{ channel: 'sms', address: '+15005550181' }] })],
    [BARE, route(BARE)],
    ['suspended', route('suspended', { status: 'suspended' })],
  ]);
  const routes = { table: () => Promise.resolve(table) } as unknown as BusinessRoutes;
  const config = loadConfig({});
  const recorded: ReminderOutcome[] = [];
  const repository = {
    candidates: jest.fn(() => Promise.resolve(candidates)),
    record: jest.fn((_now: Date, outcomes: ReminderOutcome[]) => {
      recorded.push(...outcomes);
      const sent = outcomes.filter((o) => o.kind === 'send').length;
      return Promise.resolve({ jobs: [], sent, skipped: outcomes.length - sent });
    }),
  };
  const scheduler = new AppointmentReminderScheduler(
    { now: () => new Date(NOW) } as Clock,
    repository as unknown as AppointmentRemindersRepository,
    { enqueueEntries: jest.fn() } as unknown as JobQueue,
    new BusinessTwilio(config, routes),
    new BusinessDefaults(config, routes),
  );
  return { scheduler, repository, recorded };
}

describe('AppointmentReminderScheduler', () => {
  it('asks for the candidates of active businesses only, up to their horizons', async () => {
    const { scheduler, repository } = setUp([]);
    expect(await scheduler.tick()).toEqual({ sent: 0, skipped: 0 });
    const [now, horizons] = repository.candidates.mock.calls[0] as unknown as [Date, object[]];
    expect(now).toEqual(NOW);
    expect(horizons).toEqual([
      { businessId: ACME, horizon: new Date(NOW.getTime() + 10 * 60_000) },
      { businessId: BARE, horizon: new Date(NOW.getTime() + 10 * 60_000) },
    ]);
  });

  it("sends from the business's number, and records skips with their reason; leaves the rest for later", async () => {
    const { scheduler, recorded } = setUp([
      candidate({ id: 'due' }),
      candidate({ id: 'opted-out', contactOptedOut: true }),
      candidate({ id: 'no-sender', businessId: BARE }),
      candidate({ id: 'too-soon', startsAt: new Date(NOW.getTime() + 30 * 60_000), reminderHours: 2 }),
      candidate({ id: 'not-yet', startsAt: new Date('2026-12-02T14:05:00Z') }),
      candidate({ id: 'unknown-business', businessId: 'gone' }),
    ]);
    expect(await scheduler.tick()).toEqual({ sent: 1, skipped: 3 });
    expect(recorded.map((o) => [o.appointment.id, o.kind === 'skip' ? o.reason : o.message])).toEqual([
      [
        'due',
        {
          from: '+15005550181',
          messagingServiceSid: null,
          body: 'Reminder: your appointment with Acme Plumbing is tomorrow, Wed 2 Dec at 9:00 AM. Reply C to confirm, R to reschedule, STOP to opt out.',
        },
      ],
      ['opted-out', 'recipient opted out'],
      ['no-sender', 'no sender: the business has no sms number'],
      ['too-soon', 'less than an hour before the appointment'],
    ]);
  });
});
