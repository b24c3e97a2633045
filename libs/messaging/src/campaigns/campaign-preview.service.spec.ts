import { Clock } from '@app/common';
import type { PendingZone, PreviewFateRow, PreviewVerdicts, PreviewZone } from '@app/database';
import { CampaignPreviewService } from './campaign-preview.service';

/**
 * How the preview judges each zone before PostgreSQL counts (the repository is faked: it hands
 * the zones to `judge` and answers rows). The e2e suite checks the same against real launches.
 */
describe('CampaignPreviewService', () => {
  const HOUR = 3_600_000;
  // 07:00 UTC: night in UTC and New York, afternoon in Tokyo.
  const NOW = new Date('2026-06-10T07:00:00Z');
  const base = {
    id: 'c1',
    businessId: 'b1',
    status: 'draft',
    channel: 'sms',
    body: 'Hello',
    contentSid: null,
    sendAt: null,
    quietStart: '21:00',
    quietEnd: '08:00',
    timezone: null,
  };
  let verdicts: PreviewZone[];
  let turnMs: number;
  /** The pending recipients by their contacts' zone, as the repository's first statement counts them. */
  let pending: PendingZone[];
  beforeEach(() => {
    pending = [
      { zone: 'Asia/Tokyo', pending: 3 },
      { zone: 'America/New_York', pending: 4 },
      { zone: null, pending: 3 },
    ];
  });

  function service(rows: PreviewFateRow[], config: { price?: string; rate?: number } = {}) {
    // Stopped at NOW for the rules; the offset maps real time (sendAt) onto it, as the Clock does.
    const clock = { now: () => new Date(NOW), offsetMs: NOW.getTime() - Date.now() } satisfies Clock;
    const repository = {
      countByFate: jest.fn((_id: string, judge: (zones: PendingZone[]) => PreviewVerdicts) => {
        ({ zones: verdicts, turnMs } = judge(pending));
        return Promise.resolve(rows);
      }),
    };
    const appConfig = { campaigns: { pricePerSegment: config.price ?? null, sendRatePerSecond: config.rate ?? 1 } };
    const defaults = { of: jest.fn(() => Promise.resolve({ quietHours: null, timezone: 'UTC' })) };
    return new CampaignPreviewService(appConfig as never, {} as never, repository as never, defaults as never, clock);
  }
  const row = (fate: PreviewFateRow['fate'], zone: string | null, n: number, sample: string[] = []) => ({
    fate,
    zone,
    n,
    sample,
  });

  it('holds each zone by its own quiet hours, numbers turns by due moment, and checks no window on SMS', async () => {
    await service([]).of(base as never);
    expect(turnMs).toBe(1_000);
    expect(verdicts).toEqual([
      { zone: 'Asia/Tokyo', held: false, turnGroup: 0, windowOpensAfter: null },
      { zone: 'America/New_York', held: true, turnGroup: 1, windowOpensAfter: null },
      { zone: null, held: true, turnGroup: 2, windowOpensAfter: null },
    ]);
  });

  it("judges WhatsApp's window at each zone's first turn: now, when its quiet hours end, or when the turns before it run out", async () => {
    const opens = (zone: string | null) => verdicts.find((v) => v.zone === zone)!.windowOpensAfter;
    await service([]).of({ ...base, channel: 'whatsapp' } as never);
    expect(opens('Asia/Tokyo')).toEqual(new Date(NOW.getTime() - 24 * HOUR));
    expect(opens(null)).toEqual(new Date('2026-06-09T08:00:00Z')); // held until 08:00 UTC
    expect(opens('America/New_York')).toEqual(new Date('2026-06-09T12:00:00Z')); // until 08:00 EDT
    // 4,000 due now at 1 a second still go at 08:00: the ones freed then wait for them (until 08:06:40).
    pending[0].pending = 4_000;
    await service([]).of({ ...base, channel: 'whatsapp' } as never);
    expect(opens(null)).toEqual(new Date('2026-06-09T08:06:40Z'));
    // A template is not held to the window.
    await service([]).of({ ...base, channel: 'whatsapp', contentSid: `HX${'0'.repeat(32)}` } as never);
    expect(verdicts.every((v) => v.windowOpensAfter === null)).toBe(true);
  });

  it('merges rows into groups, with the latest hold, the cost and the finish at the send rate', async () => {
    const preview = await service(
      [
        row('send', 'Asia/Tokyo', 3, ['+3', '+1', '+2']),
        row('held', null, 2, ['+9', '+8']),
        row('held', 'America/New_York', 4, ['+5', '+4', '+7', '+6']),
        row('opted_out', null, 1, ['+0']),
        row('processed', null, 5),
        row('invalid', null, 1, ['junk']),
      ],
      { price: '0.0079', rate: 1 },
    ).of(base as never);
    expect(preview).toMatchObject({
      at: NOW,
      total: 16,
      sendNow: { count: 3, sample: ['+1', '+2', '+3'] },
      quietHours: { count: 6, sample: ['+4', '+5', '+6', '+7', '+8'], until: new Date('2026-06-10T12:00:00Z') },
      optedOut: { count: 1 },
      invalid: { count: 1, sample: ['junk'] },
      alreadyProcessed: 5,
      messages: 9,
      segments: { encoding: 'GSM-7', perMessage: 1, total: 9 },
      estimatedCost: 0.0711,
      // 3 due now, 3 freed at 08:00 UTC (the opted-out one takes its turn before it is skipped), 4 at
      // 12:00 UTC (08:00 in New York): the last 3 s after that.
      estimatedFinishAt: new Date('2026-06-10T12:00:03Z'),
    });
  });

  it('gives skipped recipients their turn at the rate, as the dispatcher does before it skips them', async () => {
    pending = [{ zone: 'Asia/Tokyo', pending: 4 }];
    const preview = await service(
      [row('send', 'Asia/Tokyo', 1), row('outside_window', 'Asia/Tokyo', 2), row('opted_out', 'Asia/Tokyo', 1)],
      { rate: 1 },
    ).of({ ...base, channel: 'whatsapp' } as never);
    expect(preview).toMatchObject({ messages: 1, estimatedFinishAt: new Date(NOW.getTime() + 3_000) });
  });

  it('judges a campaign waiting for sendAt at sendAt', async () => {
    const sendAt = new Date(Date.now() + 6 * HOUR);
    const preview = await service([]).of({ ...base, status: 'scheduled', sendAt } as never);
    // 13:00 UTC on the clock, daytime (give or take the milliseconds between reading Date.now() twice).
    expect(Math.abs(preview.at.getTime() - (NOW.getTime() + 6 * HOUR))).toBeLessThan(1_000);
    expect(verdicts.find((v) => v.zone === null)!.held).toBe(false);
    // Once running, now again.
    expect((await service([]).of({ ...base, status: 'running', sendAt } as never)).at).toEqual(NOW);
  });
});
