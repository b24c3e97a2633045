import { DateTime } from 'luxon';
import { $api } from '../../api/client';
import type { components } from '../../api/schema';
import { LoadError, Loading } from '../../ui/states';
import { useTimeZone } from '../../ui/time-zone';
import { AppointmentCard } from './appointment-card';
import { localDate, shiftWeek, thisMonday, weekDays, weekSpan } from './week';

type Appointment = components['schemas']['AppointmentResponse'];

/**
 * One week of appointments on the business's clock, Monday to Sunday, a day per column (a list
 * per day for screen readers); previous and next week. Cancelled ones stay, marked, so a day
 * reads as it went.
 */
export function WeekCalendar({
  monday,
  onWeek,
  announce,
}: {
  monday: string;
  onWeek: (monday: string) => void;
  announce: (text: string, startsAt?: string) => void;
}) {
  const zone = useTimeZone();
  const span = weekSpan(monday, zone);
  const appointments = $api.useQuery('get', '/api/appointments', { params: { query: { ...span, limit: 200 } } });
  const days = weekDays(monday, zone);
  const today = DateTime.now().setZone(zone).toISODate();
  const byDay = new Map<string, Appointment[]>();
  for (const a of appointments.data?.items ?? []) {
    const day = localDate(a.startsAt, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), a]);
  }
  const title = `Week of ${days[0].toFormat('ccc d LLL')} to ${days[6].toFormat('ccc d LLL yyyy')}`;

  return (
    <section aria-labelledby="week-heading" className="week">
      <div className="week-bar">
        <h2 id="week-heading" aria-live="polite">
          {title}
        </h2>
        <div className="action-buttons">
          <button type="button" className="secondary" onClick={() => onWeek(shiftWeek(monday, -1, zone))}>
            Previous week
          </button>
          <button
            type="button"
            className="secondary"
            disabled={monday === thisMonday(zone)}
            onClick={() => onWeek(thisMonday(zone))}
          >
            This week
          </button>
          <button type="button" className="secondary" onClick={() => onWeek(shiftWeek(monday, 1, zone))}>
            Next week
          </button>
        </div>
      </div>
      {appointments.isPending ? (
        <Loading what="the week’s appointments" />
      ) : appointments.isError ? (
        <LoadError what="the appointments" error={appointments.error} retry={() => void appointments.refetch()} />
      ) : (
        <>
          {appointments.data.items.length === 0 ? (
            <p className="muted">Nothing booked this week. Book one below, or look at another week.</p>
          ) : null}
          <div className="week-grid">
            {days.map((day) => {
              const date = day.toISODate()!;
              const items = byDay.get(date) ?? [];
              const headingId = `day-${date}`;
              return (
                <section key={date} aria-labelledby={headingId} className={date === today ? 'day day-today' : 'day'}>
                  <h3 id={headingId}>
                    {day.toFormat('ccc d LLL')}
                    {date === today ? <span className="visually-hidden"> (today)</span> : null}
                  </h3>
                  {items.length ? (
                    <ul>
                      {items.map((a) => (
                        <AppointmentCard key={a.id} appointment={a} announce={announce} />
                      ))}
                    </ul>
                  ) : (
                    <p className="muted day-empty">Free</p>
                  )}
                </section>
              );
            })}
          </div>
        </>
      )}
    </section>
  );
}
