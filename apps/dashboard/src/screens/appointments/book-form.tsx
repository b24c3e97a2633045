import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';
import { dayTime } from '../../ui/day-time';
import { useTimeZone } from '../../ui/time-zone';
import { BookingRefusal } from './refusal';
import { SlotSelect } from './slot-select';
import { useAppointmentsChanged } from './use-appointments-changed';

const FIELDS = ['phone', 'startsAt', 'service', 'notes', 'isEmergency'] as const;
const EMPTY = { phone: '', startsAt: '', service: '', notes: '', isEmergency: false };

/** POST /api/appointments at a free slot; the API settles a race for it (409 with the next free ones). */
export function BookForm({ onBooked }: { onBooked: (startsAt: string, text: string) => void }) {
  const timeZone = useTimeZone();
  const changed = useAppointmentsChanged();
  const [draft, setDraft] = useState(EMPTY);
  const edit = (patch: Partial<typeof EMPTY>) => setDraft((previous) => ({ ...previous, ...patch }));
  const book = $api.useMutation('post', '/api/appointments', {
    onSuccess: (appointment) => {
      setDraft(EMPTY);
      changed();
      onBooked(
        appointment.startsAt,
        `Booked: ${appointment.contactName ?? appointment.phone} on ${dayTime(appointment.startsAt, timeZone)}.`,
      );
    },
  });
  const { byField, other } = fieldErrors(book.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    book.mutate({
      body: {
        phone: draft.phone,
        startsAt: draft.startsAt,
        ...(draft.service.trim() ? { service: draft.service } : {}),
        ...(draft.notes.trim() ? { notes: draft.notes } : {}),
        ...(draft.isEmergency ? { isEmergency: true } : {}),
      },
    });
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="book-heading" noValidate>
      <h2 id="book-heading">Book an appointment</h2>
      <div className="field">
        <label htmlFor="book-phone">Customer’s phone number</label>
        <input
          id="book-phone"
          type="tel"
          autoComplete="off"
          maxLength={40}
          value={draft.phone}
          onChange={(e) => edit({ phone: e.target.value })}
          {...describedBy('book-phone', byField.phone)}
        />
        <FieldError control="book-phone" messages={byField.phone} />
      </div>
      <SlotSelect
        id="book-time"
        label="Time"
        value={draft.startsAt}
        onChange={(startsAt) => edit({ startsAt })}
        describedBy={describedBy('book-time', byField.startsAt)}
      />
      <FieldError control="book-time" messages={byField.startsAt} />
      <div className="field">
        <label htmlFor="book-service">Service (optional)</label>
        <input
          id="book-service"
          maxLength={200}
          value={draft.service}
          onChange={(e) => edit({ service: e.target.value })}
          {...describedBy('book-service', byField.service)}
        />
        <FieldError control="book-service" messages={byField.service} />
      </div>
      <div className="field">
        <label htmlFor="book-notes">Notes (optional)</label>
        <textarea
          id="book-notes"
          rows={2}
          maxLength={2000}
          value={draft.notes}
          onChange={(e) => edit({ notes: e.target.value })}
          {...describedBy('book-notes', byField.notes)}
        />
        <FieldError control="book-notes" messages={byField.notes} />
      </div>
      <div className="field field-check">
        <input
          id="book-emergency"
          type="checkbox"
          checked={draft.isEmergency}
          onChange={(e) => edit({ isEmergency: e.target.checked })}
        />
        <label htmlFor="book-emergency">Emergency</label>
      </div>
      {book.isError ? <BookingRefusal what="Not booked" error={book.error} other={other} /> : null}
      <button type="submit" disabled={book.isPending}>
        {book.isPending ? 'Booking…' : 'Book'}
      </button>
    </form>
  );
}
