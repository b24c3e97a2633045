import type { CalendarEventInput } from '@app/google';
import type { AppointmentWithContact } from '@app/database';

/**
 * The event id of an appointment: its uuid without dashes. Google takes ids of base32hex
 * characters (a–v, 0–9), 5 to 1024 of them, and hex digits are among them; one id per appointment
 * is what makes a retried create find the event the first try made.
 */
export function calendarEventIdOf(appointmentId: string): string {
  return appointmentId.replace(/-/g, '').toLowerCase();
}

/** What the owner sees in the calendar: the service and the customer, their number, where and what for. */
export function calendarEventOf(appointment: AppointmentWithContact, timeZone: string): CalendarEventInput {
  const customer = appointment.contact.name ?? appointment.contact.phone;
  const what = appointment.service ?? 'Appointment';
  const lines = [
    appointment.isEmergency ? 'EMERGENCY' : null,
    `Customer: ${customer}${appointment.contact.name ? ` (${appointment.contact.phone})` : ''}`,
    appointment.address ? `Address: ${appointment.address}` : null,
    appointment.notes ? `Notes: ${appointment.notes}` : null,
    `Booked by ${appointment.source} (Switchboard appointment ${appointment.id})`,
  ];
  return {
    summary: `${appointment.isEmergency ? '[Emergency] ' : ''}${what}: ${customer}`,
    description: lines.filter((line) => line !== null).join('\n'),
    location: appointment.address,
    start: appointment.startsAt,
    end: appointment.endsAt,
    timeZone,
    appointmentId: appointment.id,
  };
}
