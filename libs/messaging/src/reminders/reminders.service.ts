import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Channel, MessageSendingRepository, Reminder, RemindersRepository } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { badRequest } from '../rules/bad-request';
import { refusePast } from '../rules/not-past';
import { firstRun, Schedule, scheduleProblem, upcomingRuns } from './schedule';
import { Clock, isUuid, isValidTimezone, normalizePhone, textChannel } from '@app/common';
import { BusinessTwilio } from '../businesses/business-twilio';
import { patchedTemplate, templateColumns, type TemplateInput } from '../rules/template';
import { MessageEvents } from '../live/message-events';

export interface ReminderInput extends Schedule, TemplateInput {
  to?: string;
  /** null (in a PATCH): no text, the template alone. */
  body?: string | null;
  channel?: Channel;
  from?: string | null;
  enabled?: boolean;
  /** A startAt in the past anchors the schedule's grid there instead of being refused. */
  allowPast?: boolean;
}

/** Reminders as the admin API sees them. Editing a schedule takes effect from its next occurrence. */
@Injectable()
export class RemindersService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly reminders: RemindersRepository,
    private readonly messages: MessageSendingRepository,
    private readonly jobs: JobQueue,
    private readonly businesses: BusinessTwilio,
    private readonly events: MessageEvents,
  ) {}

  list(businessId: string, limit: number, offset: number): Promise<Reminder[]> {
    return this.reminders.list(businessId, limit, offset);
  }

  /** One of the business's reminders; another business's is a 404, as if it did not exist. */
  async get(businessId: string, id: string): Promise<Reminder> {
    const reminder = isUuid(id) ? await this.reminders.findById(id) : null;
    if (!reminder || reminder.businessId !== businessId) throw new NotFoundException(`No reminder ${id}`);
    return reminder;
  }

  async create(businessId: string, input: ReminderInput & { to: string }): Promise<Reminder> {
    const now = this.clock.now();
    refusePast('startAt', input.startAt, now, input.allowPast, 'leave it out to start now');
    const schedule = this.checkSchedule(input);
    const enabled = input.enabled ?? true;
    const nextRunAt = firstRun(schedule, now);
    if (enabled && !nextRunAt) throw neverFires(schedule);
    const channel = textChannel(input.channel ?? 'sms');
    // Refused now rather than failing at every occurrence with an empty From.
    if (!input.from && !(await this.businesses.sender(businessId, channel)))
      throw badRequest(await this.businesses.noSenderProblem(businessId, channel));
    return this.reminders.create({
      businessId,
      to: this.phone('to', input.to),
      body: input.body ?? '',
      ...templateColumns(input),
      channel,
      from: input.from ? this.phone('from', input.from) : null,
      ...schedule,
      enabled,
      nextRunAt,
    });
  }

  /**
   * The next `count` runs a schedule would have if a reminder were created (or its schedule
   * edited) with it now, under the same rules as create: a bad schedule or a past startAt is the
   * same 400. None when its end comes before its first run. Nothing is stored.
   */
  previewSchedule(input: Schedule & { allowPast?: boolean }, count: number): Date[] {
    const now = this.clock.now();
    refusePast('startAt', input.startAt, now, input.allowPast, 'leave it out to start now');
    const schedule = this.checkSchedule(input);
    return upcomingRuns(schedule, firstRun(schedule, now), count);
  }

  async update(businessId: string, id: string, patch: ReminderInput): Promise<Reminder> {
    const current = await this.get(businessId, id);
    const scheduleChanged = ['intervalSeconds', 'cron', 'timezone', 'startAt', 'endAt'].some((k) => k in patch);
    // Switching between interval and cron replaces the other one.
    const merged: Schedule = {
      intervalSeconds:
        'cron' in patch && patch.cron != null ? null : (patch.intervalSeconds ?? current.intervalSeconds),
      cron: 'intervalSeconds' in patch && patch.intervalSeconds != null ? null : (patch.cron ?? current.cron),
      timezone: patch.timezone !== undefined ? patch.timezone : current.timezone,
      startAt: patch.startAt !== undefined ? patch.startAt : current.startAt,
      endAt: patch.endAt !== undefined ? patch.endAt : current.endAt,
    };
    const now = this.clock.now();
    if (patch.startAt !== undefined)
      refusePast('startAt', patch.startAt, now, patch.allowPast, 'set it to null to start now');
    const schedule = this.checkSchedule(merged);
    const reEnabled = patch.enabled === true && !current.enabled;
    const nextRunAt = scheduleChanged || reEnabled ? firstRun(schedule, now) : undefined;
    if (nextRunAt === null && (patch.enabled ?? current.enabled)) throw neverFires(schedule);
    const template = patchedTemplate(current, patch);
    if (template.problems.length) throw badRequest(...template.problems);
    return this.reminders.update(current.id, {
      ...(patch.to !== undefined ? { to: this.phone('to', patch.to) } : {}),
      ...template.columns,
      ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
      ...(patch.from !== undefined ? { from: patch.from ? this.phone('from', patch.from) : null } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...schedule,
      ...(nextRunAt !== undefined ? { nextRunAt } : {}),
    });
  }

  async remove(businessId: string, id: string): Promise<void> {
    if (!(await this.reminders.delete((await this.get(businessId, id)).id)))
      throw new NotFoundException(`No reminder ${id}`);
  }

  /** One extra send now; the schedule is not moved. */
  async sendNow(businessId: string, id: string) {
    const reminder = await this.get(businessId, id);
    const sender = reminder.from
      ? { from: reminder.from, messagingServiceSid: null }
      : await this.businesses.sender(businessId, textChannel(reminder.channel));
    if (!sender) throw badRequest(await this.businesses.noSenderProblem(businessId, textChannel(reminder.channel)));
    const messageId = randomUUID();
    const job = JobQueue.outboxEntry(JobName.SendMessage, { messageId });
    const message = await this.messages.createOutbound(
      {
        id: messageId,
        businessId: reminder.businessId,
        channel: reminder.channel,
        from: sender.from ?? '',
        messagingServiceSid: sender.messagingServiceSid,
        to: reminder.to,
        body: reminder.body,
        contentSid: reminder.contentSid,
        contentVariables: reminder.contentVariables,
        source: 'reminder',
        reminderId: reminder.id,
      },
      job,
    );
    this.events.stored(message);
    await this.reminders.update(reminder.id, { sendCount: { increment: 1 }, lastSentAt: this.clock.now() });
    await this.jobs.enqueueCommitted(job);
    return message;
  }

  private checkSchedule(s: Schedule): Required<Schedule> {
    const problem = scheduleProblem(s);
    if (problem) throw badRequest(problem);
    if (s.timezone != null && !isValidTimezone(s.timezone))
      throw badRequest('timezone must be an IANA time zone like Europe/Warsaw');
    return {
      intervalSeconds: s.intervalSeconds ?? null,
      cron: s.cron ?? null,
      timezone: s.timezone ?? null,
      startAt: s.startAt ?? null,
      endAt: s.endAt ?? null,
    };
  }

  private phone(field: string, value: string): string {
    const phone = normalizePhone(value, this.config.defaultCountry);
    if (!phone) throw badRequest(`${field} must be a phone number`);
    return phone;
  }
}

/** A schedule whose end comes before its first run: enabled, it would sit in the list and never send. */
function neverFires(schedule: Required<Schedule>) {
  return badRequest(
    `endAt ${schedule.endAt?.toISOString() ?? ''} comes before the schedule's first run: this reminder would never send`,
  );
}
