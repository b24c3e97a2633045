import { Logger } from '@nestjs/common';
import { Clock } from '@app/common';
import type { BusinessRoutes, EmergenciesRepository, EmergencySettings, OwnerAlert } from '@app/database';
import type { JobQueue } from '@app/queue';
import type { BusinessDefaults } from '../businesses/business-defaults';
import type { BusinessTwilio, Sender } from '../businesses/business-twilio';
import { EmergencyService, ownerAlertText } from './emergency.service';

const BUSINESS = 'b1';
const CUSTOMER = '+15557654321';
const OWNER = '+15557770000';
const acme: EmergencySettings = { name: 'Acme', ownerPhone: OWNER, emergencyKeywords: [], safetyLine: null };

function setUp(options: {
  settings?: EmergencySettings;
  sender?: Sender | null;
  created?: boolean;
  booking?: boolean;
}) {
  const alerts: OwnerAlert[] = [];
  const emergencies = {
    settings: jest.fn(() => Promise.resolve(options.settings ?? acme)),
    // The repository's contract: the alert is built inside the transaction, and only a new record stores it.
    record: jest.fn((_input: object, alertFor: (a: { startsAt: Date } | null) => OwnerAlert) => {
      const alert = alertFor(null);
      alerts.push(alert);
      const created = options.created ?? true;
      return Promise.resolve({
        id: 'e1',
        created,
        appointment: null,
        ownerMessageId: created ? (alert?.message.id ?? null) : 'earlier-alert',
        alert: created ? alert : null,
      });
    }),
  };
  const routes = { byId: jest.fn(() => Promise.resolve({ bookingEnabled: options.booking ?? true })) };
  const defaults = { of: jest.fn(() => Promise.resolve({ timezone: 'America/New_York', quietHours: null })) };
  const twilio = {
    sender: jest.fn(() =>
      Promise.resolve(
        options.sender === undefined ? { from: '+15550001111', messagingServiceSid: null } : options.sender,
      ),
    ),
  };
  const jobs = { enqueueEntries: jest.fn(() => Promise.resolve()) };
  const service = new EmergencyService(
    new Clock(),
    emergencies as unknown as EmergenciesRepository,
    routes as unknown as BusinessRoutes,
    defaults as unknown as BusinessDefaults,
    twilio as unknown as BusinessTwilio,
    jobs as unknown as JobQueue,
  );
  return { service, emergencies, jobs, alerts };
}

const input = { businessId: BUSINESS, channel: 'sms' as const, customerPhone: CUSTOMER, inboundMessageId: 'in1' };

describe('EmergencyService', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('stores an SMS to the owner from the business sender and enqueues it once it is committed', async () => {
    const { service, jobs, alerts } = setUp({});
    expect(await service.raise({ ...input, summary: 'Pipe burst, basement flooding.' })).toEqual({
      safetyLine: 'If anyone is in danger, call 911 now.',
      alerted: true,
      appointmentId: null,
    });
    const [alert] = alerts;
    expect(alert?.message).toMatchObject({
      to: OWNER,
      from: '+15550001111',
      channel: 'sms',
      source: 'owner_alert',
      body: `EMERGENCY for Acme. Customer ${CUSTOMER}: Pipe burst, basement flooding. No appointment booked: call them back.`,
    });
    expect(jobs.enqueueEntries).toHaveBeenCalledWith([alert!.job]);
  });

  it('a second raise of the same message (a retry) enqueues nothing and warns nothing', async () => {
    const { service, jobs } = setUp({ created: false });
    expect(await service.raise({ ...input, summary: 'again' })).toMatchObject({ alerted: true });
    expect(jobs.enqueueEntries).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('records without alerting when there is no ownerPhone or no sender, warning once with masked numbers', async () => {
    for (const options of [{ settings: { ...acme, ownerPhone: null } }, { sender: null }]) {
      warn.mockClear();
      const { service, jobs } = setUp(options);
      expect(await service.raise({ ...input, summary: 'fire' })).toMatchObject({ alerted: false });
      expect(jobs.enqueueEntries).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).not.toContain(CUSTOMER);
    }
  });

  it('answers only for a business that books by text, and only a text that is an emergency', async () => {
    const text = { ...input, from: CUSTOMER, body: 'burst pipe!!' };
    expect(await setUp({ booking: false }).service.answer(text)).toBeNull();
    expect(await setUp({}).service.answer({ ...text, body: 'new gasket please' })).toBeNull();
    const custom = setUp({ settings: { ...acme, safetyLine: 'Get out now.', emergencyKeywords: ['roof leak'] } });
    expect(await custom.service.answer({ ...text, body: 'Roof-leak!' })).toBe(
      "Get out now. We've alerted Acme and someone will contact you shortly. Reply BOOK to book a visit.",
    );
    expect(custom.emergencies.record).toHaveBeenCalledWith(
      expect.objectContaining({ summary: '"Roof-leak!" (keyword: roof leak)', inboundMessageId: 'in1' }),
      expect.any(Function),
    );
  });
});

describe('ownerAlertText', () => {
  it('names the business, the customer (and WhatsApp), the summary and the appointment time', () => {
    expect(
      ownerAlertText('Acme', { channel: 'whatsapp', customerPhone: CUSTOMER }, 'gas smell.', 'Wed 9 Dec at 10:00 AM'),
    ).toBe(
      `EMERGENCY for Acme. Customer ${CUSTOMER} (WhatsApp): gas smell. Their appointment on Wed 9 Dec at 10:00 AM is marked emergency.`,
    );
  });
});
