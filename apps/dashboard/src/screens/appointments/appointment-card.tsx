import { useState } from 'react';
import { $api } from '../../api/client';
import type { components } from '../../api/schema';
import { dayTime } from '../../ui/day-time';
import { useTimeZone } from '../../ui/time-zone';
import { BookingRefusal } from './refusal';
import { SlotSelect } from './slot-select';
import { useAppointmentsChanged } from './use-appointments-changed';
import { clock } from './week';

type Appointment = components['schemas']['AppointmentResponse'];

const STATUS: Record<Appointment['status'], string> = {
  booked: 'Booked',
  cancelled: 'Cancelled',
  completed: 'Done',
  no_show: 'No-show',
};

/** One appointment in the week: when, who, what; an emergency stands out; a booked one can be moved or cancelled. */
export function AppointmentCard({
  appointment: a,
  announce,
}: {
  appointment: Appointment;
  announce: (text: string, startsAt?: string) => void;
}) {
  const zone = useTimeZone();
  const changed = useAppointmentsChanged();
  const [moving, setMoving] = useState(false);
  const [newTime, setNewTime] = useState('');
  const who = a.contactName ?? a.phone;
  const labelId = `appointment-${a.id}`;
  const change = $api.useMutation('patch', '/api/appointments/{id}', {
    onSuccess: (after) => {
      changed();
      setMoving(false);
      setNewTime('');
      if (after.status === 'cancelled') announce(`Cancelled: ${who} on ${dayTime(after.startsAt, zone)}.`);
      else announce(`Moved: ${who} is now on ${dayTime(after.startsAt, zone)}.`, after.startsAt);
    },
  });
  const path = { params: { path: { id: a.id } } };
  const classes = ['appointment', a.isEmergency ? 'appointment-emergency' : '', `appointment-${a.status}`];

  return (
    <li className={classes.join(' ')}>
      <p id={labelId} className="appointment-what">
        <span className="appointment-time">
          {clock(a.startsAt, zone)}–{clock(a.endsAt, zone)}
        </span>{' '}
        {who}
        {a.isEmergency ? <span className="badge badge-bad">Emergency</span> : null}
        {a.status !== 'booked' ? <span className="badge">{STATUS[a.status]}</span> : null}
      </p>
      {a.service ? <p className="appointment-detail">{a.service}</p> : null}
      {a.contactName ? <p className="appointment-detail muted">{a.phone}</p> : null}
      {a.status === 'booked' && !moving ? (
        <div className="action-buttons">
          <button type="button" className="small" aria-describedby={labelId} onClick={() => setMoving(true)}>
            Reschedule
          </button>
          <button
            type="button"
            className="small danger"
            aria-describedby={labelId}
            disabled={change.isPending}
            onClick={() => {
              if (window.confirm(`Cancel ${who}’s appointment on ${dayTime(a.startsAt, zone)}?`))
                change.mutate({ ...path, body: { status: 'cancelled' } });
            }}
          >
            Cancel
          </button>
        </div>
      ) : null}
      {moving ? (
        <form
          className="move"
          aria-label={`Reschedule ${who}`}
          onSubmit={(event) => {
            event.preventDefault();
            change.mutate({ ...path, body: { startsAt: newTime } });
          }}
        >
          <SlotSelect id={`move-${a.id}`} label="New time" value={newTime} onChange={setNewTime} />
          <div className="action-buttons">
            <button type="submit" className="small" disabled={!newTime || change.isPending}>
              Move
            </button>
            <button type="button" className="small secondary" onClick={() => setMoving(false)}>
              Keep the time
            </button>
          </div>
        </form>
      ) : null}
      {change.isError ? <BookingRefusal what="Not changed" error={change.error} /> : null}
    </li>
  );
}
