import { DEFAULT_BUSINESS_ID } from '@app/common';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { Clock } from '@app/common';
import { loadConfig } from '@app/config';
import type { BusinessRoutes, MessageSendingRepository, Reminder, RemindersRepository } from '@app/database';
import type { JobQueue } from '@app/queue';
import type { MessageEvents } from '../live/message-events';
import { RemindersService } from './reminders.service';
import { BusinessTwilio } from '../businesses/business-twilio';

const NOW = new Date('2026-12-01T10:00:00Z');
const ID = '0b9d4c1e-6f2a-4e8b-9c3d-5a7f1e2b4c6d';

function reminder(fields: Partial<Reminder> = {}): Reminder {
  return {
    id: ID,
    businessId: DEFAULT_BUSINESS_ID,
    to: '+15557654321',
    channel: 'sms',
    from: null,
    body: 'Take your medication',
    contentSid: null,
    contentVariables: null,
    intervalSeconds: 3600,
    cron: null,
    timezone: null,
    startAt: null,
    endAt: null,
    enabled: true,
    nextRunAt: new Date('2026-12-01T11:00:00Z'),
    lastSentAt: null,
    sendCount: 0,
    skippedCount: 0,
    lastError: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...fields,
  };
}

/** The service over strict fakes: repositories and the queue are jest mocks, the clock is fixed. */
function setUp(stored: Reminder | null = reminder()) {
  const reminders = {
    create: jest.fn((data: Partial<Reminder>) => Promise.resolve(reminder(data))),
    findById: jest.fn(() => Promise.resolve(stored)),
    update: jest.fn((_id: string, data: Partial<Reminder>) => Promise.resolve(reminder({ ...stored, ...data }))),
    delete: jest.fn(() => Promise.resolve(true)),
    list: jest.fn(),
  };
  const sending = { createOutbound: jest.fn((input: { id: string }) => Promise.resolve({ id: input.id })) };
  const jobs = { enqueueCommitted: jest.fn(() => Promise.resolve(true)) };
  const clock = { now: () => new Date(NOW) } as Clock;
  const config = loadConfig({ TWILIO_DEFAULT_FROM: '+15550001111' });
  const service = new RemindersService(
    config,
    clock,
    reminders as unknown as RemindersRepository,
    sending as unknown as MessageSendingRepository,
    jobs as unknown as JobQueue,
    // The default business with no numbers of its own: the env's sender.
    new BusinessTwilio(config, { byId: () => Promise.resolve(null) } as unknown as BusinessRoutes),
    { stored: jest.fn(), moved: jest.fn() } as unknown as MessageEvents,
  );
  return { service, reminders, sending, jobs };
}

describe('RemindersService', () => {
  it('creates a reminder with its first run on the interval grid and the number in E.164', async () => {
    const { service, reminders } = setUp();
    await service.create(DEFAULT_BUSINESS_ID, { to: '(555) 765-4321', body: 'Hi', intervalSeconds: 3600 });
    expect(reminders.create).toHaveBeenCalledWith(
      expect.objectContaining({ to: '+15557654321', enabled: true, nextRunAt: new Date('2026-12-01T11:00:00Z') }),
    );
  });

  it('starts a cron reminder at its next occurrence in its own time zone', async () => {
    const { service, reminders } = setUp();
    await service.create(DEFAULT_BUSINESS_ID, {
      to: '+15557654321',
      body: 'Hi',
      cron: '0 9 * * *',
      timezone: 'Europe/Warsaw',
    });
    // 10:00 UTC is 11:00 in Warsaw: the next 09:00 there is tomorrow's, 08:00 UTC.
    expect(reminders.create).toHaveBeenCalledWith(
      expect.objectContaining({ nextRunAt: new Date('2026-12-02T08:00:00Z') }),
    );
  });

  it('refuses a bad number, zone or schedule with a 400 naming the field, and stores nothing', async () => {
    const { service, reminders } = setUp();
    await expect(
      service.create(DEFAULT_BUSINESS_ID, { to: 'call me', body: 'Hi', intervalSeconds: 3600 }),
    ).rejects.toThrow(BadRequestException);
    await expect(
      service.create(DEFAULT_BUSINESS_ID, {
        to: '+15557654321',
        body: 'Hi',
        cron: '0 9 * * *',
        timezone: 'Mars/Olympus',
      }),
    ).rejects.toMatchObject({ response: { message: [expect.stringMatching(/^timezone/)] } });
    await expect(
      service.create(DEFAULT_BUSINESS_ID, { to: '+15557654321', body: 'Hi', intervalSeconds: 3600, cron: '0 9 * * *' }),
    ).rejects.toMatchObject({
      response: { message: [expect.stringMatching(/exactly one of intervalSeconds and cron/)] },
    });
    expect(reminders.create).not.toHaveBeenCalled();
  });

  it('switching from an interval to cron clears the interval and moves the next run', async () => {
    const { service, reminders } = setUp();
    await service.update(DEFAULT_BUSINESS_ID, ID, { cron: '30 10 * * *' });
    expect(reminders.update).toHaveBeenCalledWith(
      ID,
      expect.objectContaining({
        intervalSeconds: null,
        cron: '30 10 * * *',
        nextRunAt: new Date('2026-12-01T10:30:00Z'),
      }),
    );
  });

  it('keeps the next run on a body edit, and recomputes it when a disabled reminder is enabled again', async () => {
    const kept = setUp();
    await kept.service.update(DEFAULT_BUSINESS_ID, ID, { body: 'New text' });
    expect(kept.reminders.update.mock.calls[0][1]).not.toHaveProperty('nextRunAt');

    const disabled = setUp(reminder({ enabled: false, nextRunAt: new Date('2026-11-01T00:00:00Z') }));
    await disabled.service.update(DEFAULT_BUSINESS_ID, ID, { enabled: true });
    expect(disabled.reminders.update).toHaveBeenCalledWith(
      ID,
      expect.objectContaining({ enabled: true, nextRunAt: new Date('2026-12-01T11:00:00Z') }),
    );
  });

  it('answers 404 for an unknown id and for one that is not an id at all, without asking the database', async () => {
    const { service, reminders } = setUp(null);
    await expect(service.get(DEFAULT_BUSINESS_ID, ID)).rejects.toThrow(NotFoundException);
    await expect(service.get(DEFAULT_BUSINESS_ID, '../etc/passwd')).rejects.toThrow(NotFoundException);
    expect(reminders.findById).toHaveBeenCalledTimes(1);
  });

  it('sends now: one outbound message of this reminder with its job, the schedule untouched', async () => {
    const { service, reminders, sending, jobs } = setUp();
    await service.sendNow(DEFAULT_BUSINESS_ID, ID);
    expect(sending.createOutbound).toHaveBeenCalledWith(
      expect.objectContaining({
        to: '+15557654321',
        from: '+15550001111',
        body: 'Take your medication',
        source: 'reminder',
        reminderId: ID,
      }),
      expect.objectContaining({ jobName: 'send-message' }),
    );
    const [, job] = sending.createOutbound.mock.calls[0] as unknown as [unknown, { jobId: string }];
    expect(jobs.enqueueCommitted).toHaveBeenCalledWith(expect.objectContaining({ jobId: job.jobId }));
    const [, patch] = reminders.update.mock.calls[0];
    expect(patch).not.toHaveProperty('nextRunAt');
    expect(patch).toMatchObject({ sendCount: { increment: 1 }, lastSentAt: NOW });
  });
});
