import { campaignLogLine } from './campaign-log';

describe('campaignLogLine', () => {
  const batch = { id: 'c1', kind: 'multi_sms', businessId: 'b1', status: 'running' } as const;
  const zero = {
    total: 0,
    pending: 0,
    sending: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    undelivered: 0,
    invalid: 0,
    skipped_opted_out: 0,
    skipped_duplicate: 0,
    canceled: 0,
  };

  it('names the batch or campaign, its step, business and status, and its non-zero counts', () => {
    expect(campaignLogLine('launched', batch, { ...zero, total: 250, pending: 240, invalid: 10 })).toBe(
      'Multi-SMS batch c1 launched (business b1, running): 250 recipients: 240 pending, 10 invalid',
    );
    expect(
      campaignLogLine(
        'completed',
        { ...batch, kind: 'campaign', status: 'completed' },
        { ...zero, total: 1, skipped_opted_out: 1 },
      ),
    ).toBe('Campaign c1 completed (business b1, completed): 1 recipient: 1 skipped opted out');
    expect(campaignLogLine('deleted', { ...batch, kind: 'campaign' })).toBe(
      'Campaign c1 deleted (business b1, running)',
    );
  });
});
