import { ConflictException, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock, type ConversationChannel } from '@app/common';
import { AppConfig } from '@app/config';
import {
  AppointmentRemindersRepository,
  AppointmentWithContact,
  BusinessRoutes,
  ContactsRepository,
  ConversationStatesRepository,
} from '@app/database';
import { BusinessDefaults } from '../businesses/business-defaults';
import { AppointmentsService, appointmentSourceOf } from './appointments.service';
import { AvailabilityService } from './availability.service';

/** A text from a customer, as the flow needs it. */
export interface BookingText {
  businessId: string;
  channel: ConversationChannel;
  /** The customer's number. */
  from: string;
  body: string;
}

type Command = 'book' | 'mine' | 'reschedule' | 'cancel' | 'choice' | 'yes' | 'confirm' | 'move';

/** What the flow remembers between two texts. */
type State =
  | { state: 'offered'; data: { slots: string[]; rescheduling: string | null } }
  | { state: 'confirm_cancel'; data: { appointmentId: string } };

const OFFERED = 3;
const SEARCH_DAYS = 14;
const CANCEL_HINT = 'Reply CANCEL APPOINTMENT to cancel.';
/**
 * How long an expired state is kept: meanwhile an answer to the old offer is told it expired (and
 * offered fresh slots) instead of being read as a text out of the blue. A day covers a customer
 * who answers the next morning; after that the row is only clutter.
 */
const KEEP_EXPIRED_MS = 24 * 3_600_000;
/** Rows deleted per statement, and statements per run: short locks, and a bounded run. */
const FORGET_BATCH = 1_000;
const FORGET_BATCHES = 10;

/** A whole message as a command, like the opt-out keywords: any case, trailing punctuation ignored. */
export function bookingCommand(body: string): { command: Command; choice?: number } | null {
  const text = body
    .normalize('NFKC')
    .trim()
    .replace(/[.!?\s]+$/u, '')
    .replace(/\s+/g, ' ')
    .toUpperCase();
  if (/^[1-3]$/.test(text)) return { command: 'choice', choice: Number(text) };
  const commands: Record<string, Command> = {
    BOOK: 'book',
    'MY APPOINTMENTS': 'mine',
    RESCHEDULE: 'reschedule',
    'CANCEL APPOINTMENT': 'cancel',
    YES: 'yes',
    // Replies to an appointment's reminder (see reminder-text.ts).
    C: 'confirm',
    R: 'move',
  };
  return Object.hasOwn(commands, text) ? { command: commands[text] } : null;
}

/**
 * Booking by text without AI: BOOK offers the next three free slots, 1–3 books one, MY
 * APPOINTMENTS lists the upcoming ones, RESCHEDULE offers slots for the next one, CANCEL
 * APPOINTMENT asks for YES. An offer lasts CONVERSATION_TIMEOUT_MINUTES: a choice after that is
 * told so and offered fresh slots, never booked from a stale list. The opt-out keywords are not
 * commands (the reply rules answer them before this flow is asked).
 *
 * C and R answer an appointment's reminder: C confirms the appointment reminded of, R offers
 * slots to move it (then 1–3 as for RESCHEDULE). C works for every business, since every
 * business's appointments get reminders; R, like the rest of the flow, only where the business
 * books by text (its reminders offer R only then). Without a pending reminder (none sent, or its
 * appointment cancelled or started) C and R are not this flow's: they are single letters with
 * other meanings elsewhere (a keyword bot's menu, an answer to the AI), so the other reply rules
 * get them.
 */
@Injectable()
export class BookingConversation {
  constructor(
    private readonly config: AppConfig,
    private readonly routes: BusinessRoutes,
    private readonly states: ConversationStatesRepository,
    private readonly contacts: ContactsRepository,
    private readonly appointments: AppointmentsService,
    private readonly reminders: AppointmentRemindersRepository,
    private readonly availability: AvailabilityService,
    private readonly defaults: BusinessDefaults,
    private readonly clock: Clock,
  ) {}

  /** The reply to a text, or null when the business does not book by text or the text is not the flow's. */
  async answer(text: BookingText): Promise<string | null> {
    const parsed = bookingCommand(text.body);
    if (!parsed) return null;
    const bookingEnabled = (await this.routes.byId(text.businessId))?.bookingEnabled ?? false;
    if (parsed.command === 'confirm') return this.confirm(text, bookingEnabled);
    if (!bookingEnabled) return null;
    const { timezone } = await this.defaults.of(text.businessId);
    const stored = await this.states.find(text.businessId, text.from);
    const expired = stored !== null && stored.expiresAt.getTime() <= this.clock.now().getTime();
    const state = stored && !expired ? ({ state: stored.state, data: stored.data } as State) : null;
    switch (parsed.command) {
      case 'book':
        return this.offer(text, timezone, null, '');
      case 'mine':
        return this.listMine(text, timezone);
      case 'reschedule': {
        const next = await this.nextAppointment(text);
        if (!next) return 'You have no upcoming appointment. Reply BOOK to make one.';
        return this.offer(text, timezone, next.id, `To move your appointment on ${spoken(next.startsAt, timezone)}: `);
      }
      case 'move': {
        const reminded = await this.reminders.lastReminded(text.businessId, text.from, this.clock.now());
        if (!reminded) return null;
        const lead = `To move your appointment on ${spoken(reminded.startsAt, timezone)}: `;
        return this.offer(text, timezone, reminded.id, lead);
      }
      case 'cancel': {
        const next = await this.nextAppointment(text);
        if (!next) return 'You have no upcoming appointment to cancel.';
        await this.remember(text, { state: 'confirm_cancel', data: { appointmentId: next.id } });
        return `Cancel your appointment on ${spoken(next.startsAt, timezone)}? Reply YES to cancel it.`;
      }
      case 'choice':
        if (state?.state === 'offered') return this.choose(text, timezone, state.data, parsed.choice!);
        if (expired && stored?.state === 'offered') return this.offer(text, timezone, null, 'That offer expired. ');
        return null;
      case 'yes':
        if (state?.state === 'confirm_cancel') return this.cancel(text, timezone, state.data.appointmentId);
        if (expired && stored?.state === 'confirm_cancel')
          return 'That request expired. Reply CANCEL APPOINTMENT to start again.';
        return null;
    }
  }

  /**
   * Deletes the states that expired more than a day ago, up to FORGET_BATCHES × FORGET_BATCH
   * rows per call (the rest wait for the next run); run by a maintenance job. Returns how many.
   */
  async forgetExpired(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - KEEP_EXPIRED_MS);
    let forgotten = 0;
    for (let batch = 0; batch < FORGET_BATCHES; batch++) {
      const deleted = await this.states.deleteExpired(before, FORGET_BATCH);
      forgotten += deleted;
      if (deleted < FORGET_BATCH) break;
    }
    return forgotten;
  }

  private async offer(text: BookingText, timezone: string, rescheduling: string | null, lead: string) {
    const now = this.clock.now();
    const slots = await this.availability.slots(
      text.businessId,
      { from: now, to: new Date(now.getTime() + SEARCH_DAYS * 86_400_000), now },
      OFFERED,
    );
    if (!slots.length) {
      await this.states.clear(text.businessId, text.from);
      return `${lead}Sorry, there is no free time in the next ${SEARCH_DAYS} days.`;
    }
    await this.remember(text, {
      state: 'offered',
      data: { slots: slots.map((s) => s.startsAt.toISOString()), rescheduling },
    });
    const lines = slots.map((slot, i) => `${i + 1}) ${spoken(slot.startsAt, timezone)}`);
    return `${lead}Reply ${slots.length === 1 ? '1' : slots.length === 2 ? '1 or 2' : '1, 2 or 3'} to choose:\n${lines.join('\n')}`;
  }

  private async choose(
    text: BookingText,
    timezone: string,
    offer: { slots: string[]; rescheduling: string | null },
    choice: number,
  ): Promise<string> {
    const picked = offer.slots[choice - 1];
    if (!picked) return this.offer(text, timezone, offer.rescheduling, `There is no option ${choice}. `);
    const startsAt = new Date(picked);
    try {
      const appointment = offer.rescheduling
        ? await this.appointments.change(text.businessId, offer.rescheduling, { startsAt })
        : await this.appointments.book(text.businessId, {
            phone: text.from,
            startsAt,
            source: appointmentSourceOf(text.channel),
          });
      await this.states.clear(text.businessId, text.from);
      return bookedText(appointment.startsAt, timezone, offer.rescheduling !== null);
    } catch (error) {
      // Taken meanwhile (or no longer bookable): fresh slots rather than an error.
      if (!(error instanceof ConflictException) && !isBadRequest(error)) throw error;
      return this.offer(text, timezone, offer.rescheduling, 'Sorry, that time was just taken. ');
    }
  }

  private async confirm(text: BookingText, bookingEnabled: boolean): Promise<string | null> {
    const reminded = await this.reminders.lastReminded(text.businessId, text.from, this.clock.now());
    if (!reminded) return null;
    const confirmed = await this.appointments.confirm(text.businessId, reminded.id);
    // Cancelled between the two reads: as if no reminder were pending.
    if (!confirmed) return null;
    const { timezone } = await this.defaults.of(text.businessId);
    // CANCEL APPOINTMENT is offered only where it is handled, like everything else the flow says.
    const hint = bookingEnabled ? ` ${CANCEL_HINT}` : '';
    return `Confirmed: see you ${spoken(confirmed.startsAt, timezone)} (${timezone}).${hint}`;
  }

  private async cancel(text: BookingText, timezone: string, appointmentId: string): Promise<string> {
    await this.states.clear(text.businessId, text.from);
    const appointment = await this.appointments.change(text.businessId, appointmentId, { status: 'cancelled' });
    return cancelledText(appointment.startsAt, timezone);
  }

  private async listMine(text: BookingText, timezone: string): Promise<string> {
    const upcoming = await this.upcoming(text);
    if (!upcoming.length) return 'You have no upcoming appointments. Reply BOOK to make one.';
    const lines = upcoming.map((a) => `- ${spoken(a.startsAt, timezone)}`);
    return `Your upcoming appointments:\n${lines.join('\n')}\n${CANCEL_HINT} Reply RESCHEDULE to move the next one.`;
  }

  private async nextAppointment(text: BookingText): Promise<AppointmentWithContact | null> {
    return (await this.upcoming(text))[0] ?? null;
  }

  private async upcoming(text: BookingText): Promise<AppointmentWithContact[]> {
    const contact = await this.contacts.findByPhone(text.businessId, text.from);
    if (!contact) return [];
    return this.appointments.list(
      { businessId: text.businessId, contactId: contact.id, status: 'booked', from: this.clock.now() },
      5,
      0,
    );
  }

  private remember(text: BookingText, state: State) {
    const expiresAt = new Date(this.clock.now().getTime() + this.config.booking.conversationTimeoutMs);
    return this.states.put(text.businessId, text.from, state.state, state.data, expiresAt);
  }
}

/** "Mon 7 Dec at 9:00 AM" in the business's zone: what a customer reads on a phone. */
export function spoken(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat("ccc d LLL 'at' h:mm a");
}

/** The confirmation of a booking or a move, in the same words whoever made it (the flow or the AI's tools). */
export function bookedText(startsAt: Date, timezone: string, moved: boolean): string {
  return `${moved ? 'Moved' : 'Booked'}: your appointment is on ${spoken(startsAt, timezone)} (${timezone}). ${CANCEL_HINT}`;
}

export function cancelledText(startsAt: Date, timezone: string): string {
  return `Cancelled your appointment on ${spoken(startsAt, timezone)}. Reply BOOK to make a new one.`;
}

const isBadRequest = (error: unknown) => (error as { status?: number }).status === 400;
