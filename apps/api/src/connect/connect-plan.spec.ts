import type { NumberMessagingWebhooks } from '@app/twilio';
import { changedSince, connectPlan, mergeRecords, undoPlan, updateParams } from './connect-plan';

const number = (settings: Partial<NumberMessagingWebhooks> = {}): NumberMessagingWebhooks => ({
  smsUrl: 'https://demo.twilio.com/welcome/sms/reply',
  smsMethod: 'POST',
  smsFallbackUrl: null,
  smsFallbackMethod: 'POST',
  smsApplicationSid: null,
  ...settings,
});
const BASE = 'https://sms.example.com';

describe('connectPlan', () => {
  it('changes only what differs: the URL, here', () => {
    expect(connectPlan(number(), { baseUrl: BASE })).toEqual([
      { setting: 'smsUrl', from: 'https://demo.twilio.com/welcome/sms/reply', to: `${BASE}/twilio/inbound` },
    ]);
  });

  it('is empty for a number already connected; a method in lower case is the same method', () => {
    expect(connectPlan(number({ smsUrl: `${BASE}/twilio/inbound`, smsMethod: 'post' }), { baseUrl: BASE })).toEqual([]);
  });

  it('sets POST and removes a TwiML app, which would win over the URL', () => {
    const app = `AP${'1'.repeat(32)}`;
    expect(connectPlan(number({ smsMethod: 'GET', smsApplicationSid: app }), { baseUrl: BASE })).toEqual([
      expect.objectContaining({ setting: 'smsUrl' }),
      { setting: 'smsMethod', from: 'GET', to: 'POST' },
      { setting: 'smsApplicationSid', from: app, to: null },
    ]);
  });

  it('leaves the fallback alone unless asked; "" clears it', () => {
    const current = number({ smsUrl: `${BASE}/twilio/inbound`, smsFallbackUrl: 'https://old.example.com/f' });
    expect(connectPlan(current, { baseUrl: BASE })).toEqual([]);
    expect(connectPlan(current, { baseUrl: BASE, fallbackUrl: '' })).toEqual([
      { setting: 'smsFallbackUrl', from: 'https://old.example.com/f', to: null },
      { setting: 'smsFallbackMethod', from: 'POST', to: null },
    ]);
  });
});

describe('undo', () => {
  const connected = [{ setting: 'smsUrl' as const, from: 'https://old.example.com/sms', to: `${BASE}/twilio/inbound` }];

  it('puts back the values from before, and notices a setting changed since', () => {
    const now = number({ smsUrl: `${BASE}/twilio/inbound` });
    expect(undoPlan(now, connected)).toEqual([
      { setting: 'smsUrl', from: `${BASE}/twilio/inbound`, to: 'https://old.example.com/sms' },
    ]);
    expect(changedSince(now, connected)).toEqual([]);
    expect(changedSince(number({ smsUrl: 'https://someone.else/sms' }), connected)).toEqual(connected);
  });

  it('remembers the value before the first connect across later ones', () => {
    const later = [
      {
        setting: 'smsUrl' as const,
        from: `${BASE}/twilio/inbound`,
        to: 'https://new-tunnel.example.com/twilio/inbound',
      },
    ];
    expect(mergeRecords(connected, later)).toEqual([
      { setting: 'smsUrl', from: 'https://old.example.com/sms', to: 'https://new-tunnel.example.com/twilio/inbound' },
    ]);
  });

  it("clears a setting with '' in Twilio's parameters", () => {
    expect(updateParams([{ setting: 'smsApplicationSid', from: 'AP1', to: null }])).toEqual({ smsApplicationSid: '' });
  });
});
