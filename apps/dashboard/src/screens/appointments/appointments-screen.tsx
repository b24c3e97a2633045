import { useState } from 'react';
import { ScreenHeading } from '../../ui/screen-heading';
import { useTimeZone } from '../../ui/time-zone';
import { AvailabilitySection } from './availability-form';
import { BookForm } from './book-form';
import { TodaySummary } from './today-summary';
import { WeekCalendar } from './week-calendar';
import { mondayOfTime, thisMonday } from './week';
import './appointments.css';

/**
 * /appointments: today at a glance (with emergencies), the week's calendar on the business's
 * clock, booking at a free time, moving and cancelling, and the opening hours it all keeps to.
 */
export function AppointmentsScreen() {
  const zone = useTimeZone();
  const [monday, setMonday] = useState(() => thisMonday(zone));
  const [announced, setAnnounced] = useState('');
  // After a booking or a move, the calendar shows the week it landed in.
  const announce = (text: string, startsAt?: string) => {
    setAnnounced(text);
    if (startsAt) setMonday(mondayOfTime(startsAt, zone));
  };

  return (
    <>
      <ScreenHeading title="Appointments" />
      <p role="status" aria-live="polite" className="saved">
        {announced}
      </p>
      <TodaySummary />
      <WeekCalendar monday={monday} onWeek={setMonday} announce={announce} />
      <BookForm onBooked={(startsAt, text) => announce(text, startsAt)} />
      <AvailabilitySection announce={(text) => announce(text)} />
    </>
  );
}
