import { ConflictException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { ToolCall, ToolSpec } from '@app/ai';
import { Clock, type ConversationChannel } from '@app/common';
import { AppointmentWithContact, ContactsRepository } from '@app/database';
import { EmergencyService } from '../emergencies/emergency.service';
import { AppointmentsService, appointmentSourceOf, SlotTakenBody } from './appointments.service';
import { AvailabilityService } from './availability.service';
import { bookedText, cancelledText, spoken } from './booking-conversation';
import type { Span } from './opening-hours';

/** Whose turn it is: the tools act for this customer of this business only. */
export interface BookingToolsContext {
  businessId: string;
  businessName: string;
  timezone: string;
  channel: ConversationChannel;
  /** The texting customer's number: the only contact whose appointments the tools touch. */
  customerPhone: string;
  /** The text being answered: an emergency is raised once per text, whatever the retries. */
  inboundMessageId: string;
}

/** What the tools did during one answer: the reply states it in fixed words, whatever the model says. */
export interface ToolEffects {
  booked: Array<{ startsAt: Date; moved: boolean }>;
  cancelled: Date[];
  /** The business's safety line, once flag_emergency has raised an emergency. */
  safetyLine: string | null;
}

/** The tools of one answer, bound to its customer, and what they did. */
export interface BookingToolSession {
  specs: ToolSpec[];
  /** Added to the business's system prompt: the date, the zone, and how to use the tools. */
  instructions: string;
  /** The result the model reads, as JSON text. Never throws for the model's mistakes. */
  run(call: ToolCall): Promise<string>;
  effects: ToolEffects;
}

const SLOTS_SHOWN = 6;
const DEFAULT_DAYS = 14;
const MAX_DAYS = 31;
const UPCOMING_SHOWN = 5;

const SPECS: ToolSpec[] = [
  {
    name: 'find_free_slots',
    description:
      'Free appointment times between two dates (inclusive), in the business time zone. Without dates: the next two weeks.',
    parameters: {
      type: 'object',
      properties: {
        from: { type: 'string', description: 'First day, YYYY-MM-DD' },
        to: { type: 'string', description: 'Last day, YYYY-MM-DD' },
      },
      additionalProperties: false,
    },
  },
  {
    name: 'book',
    description: 'Books an appointment for the customer at a free time returned by find_free_slots.',
    parameters: {
      type: 'object',
      properties: { startsAt: { type: 'string', description: 'ISO 8601 start time, as find_free_slots gave it' } },
      required: ['startsAt'],
      additionalProperties: false,
    },
  },
  {
    name: 'reschedule',
    description: "Moves one of the customer's upcoming appointments to another free time.",
    parameters: {
      type: 'object',
      properties: {
        appointmentId: { type: 'string', description: 'From list_my_appointments' },
        startsAt: { type: 'string', description: 'ISO 8601 new start time' },
      },
      required: ['appointmentId', 'startsAt'],
      additionalProperties: false,
    },
  },
  {
    name: 'cancel',
    description: "Cancels one of the customer's upcoming appointments.",
    parameters: {
      type: 'object',
      properties: { appointmentId: { type: 'string', description: 'From list_my_appointments' } },
      required: ['appointmentId'],
      additionalProperties: false,
    },
  },
  {
    name: 'list_my_appointments',
    description: "The customer's upcoming appointments, soonest first.",
    parameters: { type: 'object', properties: {}, additionalProperties: false },
  },
  {
    name: 'flag_emergency',
    description:
      "Marks this as an emergency (flooding, gas, fire, sewage, no heat in winter, anyone in danger): the owner is texted at once and the customer's next appointment is marked urgent.",
    parameters: {
      type: 'object',
      properties: { summary: { type: 'string', description: 'What is happening, in a few words, for the owner' } },
      required: ['summary'],
      additionalProperties: false,
    },
  },
];

/** A refusal the model reads and can recover from (a taken time comes with the next free ones). */
class Refusal extends Error {
  constructor(
    message: string,
    readonly nextSlots?: Span[],
  ) {
    super(message);
  }
}

/**
 * The booking tools an AI answer may call (Chat Completions function calling). Every tool acts
 * for the texting customer only, through AppointmentsService: the same hours, limits and
 * PostgreSQL arbitration as the admin API and the fixed flow. A refusal (taken, past, closed,
 * not theirs) is a result the model reads, with the next free times when there are some.
 */
@Injectable()
export class BookingTools {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly availability: AvailabilityService,
    private readonly contacts: ContactsRepository,
    private readonly emergencies: EmergencyService,
    private readonly clock: Clock,
  ) {}

  session(context: BookingToolsContext): BookingToolSession {
    const effects: ToolEffects = { booked: [], cancelled: [], safetyLine: null };
    return {
      specs: SPECS,
      instructions: this.instructions(context),
      effects,
      run: (call) => this.run(context, effects, call),
    };
  }

  private instructions({ businessName, timezone }: BookingToolsContext): string {
    const now = DateTime.fromJSDate(this.clock.now(), { zone: timezone });
    return [
      `You book appointments for ${businessName || 'the business'} by text. It is now ${now.toFormat('cccc d LLLL yyyy, h:mm a')} in ${timezone}; every time is in that zone.`,
      'Use the tools: find_free_slots before offering times, book/reschedule/cancel to act, list_my_appointments to see what the customer has. Never offer a time a tool did not return and never say something is booked unless a tool confirmed it.',
      'If the customer describes an emergency (water pouring in, gas, fire, sewage, anyone in danger), call flag_emergency first.',
      'When a tool refuses, tell the customer why in plain words and offer the free times it returned.',
      'After a booking, move or cancellation the system adds the confirmation with the date, time and how to cancel: do not repeat it. Keep replies short: this is a text message.',
    ].join('\n');
  }

  private async run(context: BookingToolsContext, effects: ToolEffects, call: ToolCall): Promise<string> {
    try {
      const args = parseArguments(call.arguments);
      switch (call.name) {
        case 'find_free_slots':
          return ok({ slots: await this.freeSlots(context, args) });
        case 'book':
          return ok(await this.book(context, effects, args));
        case 'reschedule':
          return ok(await this.reschedule(context, effects, args));
        case 'cancel':
          return ok(await this.cancel(context, effects, args));
        case 'list_my_appointments':
          return ok({ appointments: (await this.upcoming(context)).map((a) => this.describe(context, a)) });
        case 'flag_emergency':
          return ok(await this.flagEmergency(context, effects, args));
        default:
          throw new Refusal(`there is no tool ${call.name}`);
      }
    } catch (error) {
      const refusal = this.asRefusal(error);
      if (!refusal) throw error;
      return JSON.stringify({
        ok: false,
        error: refusal.message,
        ...(refusal.nextSlots ? { nextFreeSlots: refusal.nextSlots.map((s) => this.slot(context, s.startsAt)) } : {}),
      });
    }
  }

  private async freeSlots(context: BookingToolsContext, args: Record<string, unknown>) {
    const now = this.clock.now();
    const zone = context.timezone;
    const from = optionalDay(args.from, 'from', zone) ?? DateTime.fromJSDate(now, { zone }).startOf('day');
    const to = optionalDay(args.to, 'to', zone) ?? from.plus({ days: DEFAULT_DAYS - 1 });
    if (to < from) throw new Refusal('to is before from');
    if (to.diff(from, 'days').days > MAX_DAYS) throw new Refusal(`ask for at most ${MAX_DAYS} days at once`);
    const window = { from: from.toJSDate(), to: to.plus({ days: 1 }).startOf('day').toJSDate(), now };
    const slots = await this.availability.slots(context.businessId, window, SLOTS_SHOWN);
    return slots.map((s) => this.slot(context, s.startsAt));
  }

  private async book(context: BookingToolsContext, effects: ToolEffects, args: Record<string, unknown>) {
    const startsAt = time(args.startsAt, 'startsAt', context.timezone);
    // A retried answer (the worker died after booking, before replying) finds its own booking, not a refusal.
    const existing = (await this.upcoming(context)).find((a) => a.startsAt.getTime() === startsAt.getTime());
    const appointment =
      existing ??
      (await this.appointments.book(context.businessId, {
        phone: context.customerPhone,
        startsAt,
        source: appointmentSourceOf(context.channel),
      }));
    effects.booked.push({ startsAt: appointment.startsAt, moved: false });
    return { booked: this.describe(context, appointment) };
  }

  private async reschedule(context: BookingToolsContext, effects: ToolEffects, args: Record<string, unknown>) {
    const current = await this.own(context, args.appointmentId);
    const startsAt = time(args.startsAt, 'startsAt', context.timezone);
    const moved = await this.appointments.change(context.businessId, current.id, { startsAt });
    effects.booked.push({ startsAt: moved.startsAt, moved: true });
    return { moved: this.describe(context, moved) };
  }

  private async cancel(context: BookingToolsContext, effects: ToolEffects, args: Record<string, unknown>) {
    const current = await this.own(context, args.appointmentId);
    const cancelled = await this.appointments.change(context.businessId, current.id, { status: 'cancelled' });
    effects.cancelled.push(cancelled.startsAt);
    return { cancelled: this.describe(context, cancelled) };
  }

  private async flagEmergency(context: BookingToolsContext, effects: ToolEffects, args: Record<string, unknown>) {
    const summary = typeof args.summary === 'string' ? args.summary.trim() : '';
    if (!summary) throw new Refusal('summary is required');
    const raised = await this.emergencies.raise({
      businessId: context.businessId,
      channel: context.channel,
      customerPhone: context.customerPhone,
      summary,
      inboundMessageId: context.inboundMessageId,
    });
    effects.safetyLine = raised.safetyLine;
    return {
      ownerAlerted: raised.alerted,
      appointmentMarkedUrgent: raised.appointmentId !== null,
      note: 'The system puts the safety line first in your reply; tell the customer help is on the way.',
    };
  }

  /** One of the customer's own upcoming booked appointments; anything else is "not found" to the model. */
  private async own(context: BookingToolsContext, id: unknown): Promise<AppointmentWithContact> {
    if (typeof id !== 'string' || !id) throw new Refusal('appointmentId is required');
    const found = await this.appointments.get(context.businessId, id).catch((error: unknown) => {
      if (error instanceof NotFoundException) return null;
      throw error;
    });
    const upcoming = found && found.startsAt.getTime() > this.clock.now().getTime();
    if (!found || found.contact.phone !== context.customerPhone || found.status !== 'booked' || !upcoming)
      throw new Refusal(`the customer has no upcoming appointment ${id}; call list_my_appointments`);
    return found;
  }

  private async upcoming(context: BookingToolsContext): Promise<AppointmentWithContact[]> {
    const contact = await this.contacts.findByPhone(context.businessId, context.customerPhone);
    if (!contact) return [];
    return this.appointments.list(
      { businessId: context.businessId, contactId: contact.id, status: 'booked', from: this.clock.now() },
      UPCOMING_SHOWN,
      0,
    );
  }

  private describe(context: BookingToolsContext, a: AppointmentWithContact) {
    return { id: a.id, ...this.slot(context, a.startsAt), status: a.status };
  }

  private slot(context: BookingToolsContext, at: Date) {
    return {
      startsAt: DateTime.fromJSDate(at, { zone: context.timezone }).toISO({ suppressMilliseconds: true }),
      spoken: spoken(at, context.timezone),
    };
  }

  /** Our own refusals, and the service's 400 (past, closed), 404 and 409 (taken, with free times). */
  private asRefusal(error: unknown): Refusal | null {
    if (error instanceof Refusal) return error;
    if (error instanceof ConflictException) {
      const body = error.getResponse() as Partial<SlotTakenBody> | string;
      if (typeof body === 'object' && body.nextSlots) return new Refusal('that time is taken', body.nextSlots);
      return new Refusal(error.message);
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const body = error.getResponse() as { message?: string | string[] } | string;
      const message = typeof body === 'string' ? body : body.message;
      return new Refusal(Array.isArray(message) ? message.join('; ') : (message ?? error.message));
    }
    return null;
  }
}

/**
 * The fixed words for what the tools did, to lead the model's reply (its words may leave them
 * out): the safety line first when it raised an emergency, then each booking's confirmation.
 */
export function effectsText(effects: ToolEffects, timezone: string): string[] {
  return [
    ...(effects.safetyLine ? [effects.safetyLine] : []),
    ...effects.booked.map((b) => bookedText(b.startsAt, timezone, b.moved)),
    ...effects.cancelled.map((at) => cancelledText(at, timezone)),
  ];
}

const ok = (result: object) => JSON.stringify({ ok: true, ...result });

function parseArguments(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text || '{}');
  } catch {
    throw new Refusal('the arguments are not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Refusal('the arguments must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** An ISO time; one without an offset is read on the business's clock, as the model was told. */
function time(value: unknown, field: string, zone: string): Date {
  if (typeof value !== 'string') throw new Refusal(`${field} is required`);
  const parsed = DateTime.fromISO(value, { zone, setZone: true });
  if (!parsed.isValid) throw new Refusal(`${field} must be an ISO 8601 time like 2026-12-07T09:00:00`);
  return parsed.toJSDate();
}

function optionalDay(value: unknown, field: string, zone: string): DateTime | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new Refusal(`${field} must be a date YYYY-MM-DD`);
  const day = DateTime.fromISO(value.slice(0, 10), { zone });
  if (!day.isValid) throw new Refusal(`${field} must be a date YYYY-MM-DD`);
  return day.startOf('day');
}
