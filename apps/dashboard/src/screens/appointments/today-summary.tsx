import { $api } from '../../api/client';
import { LoadError, Loading } from '../../ui/states';
import { dayTime } from '../../ui/day-time';
import { useTimeZone } from '../../ui/time-zone';

/** Today on the business's clock, as the owner's routes say it (GET /api/owner/schedule and /summary). */
export function TodaySummary() {
  const schedule = $api.useQuery('get', '/api/owner/schedule', {});
  const summary = $api.useQuery('get', '/api/owner/summary', {});
  return (
    <section aria-labelledby="today-heading" className="today">
      <h2 id="today-heading">Today</h2>
      {schedule.isPending || summary.isPending ? (
        <Loading what="today’s summary" />
      ) : schedule.isError ? (
        <LoadError what="today’s schedule" error={schedule.error} retry={() => void schedule.refetch()} />
      ) : summary.isError ? (
        <LoadError what="today’s summary" error={summary.error} retry={() => void summary.refetch()} />
      ) : (
        <>
          <p>{schedule.data.text}</p>
          <dl className="counters">
            <div>
              <dt>New bookings</dt>
              <dd>{summary.data.newBookings}</dd>
            </div>
            <div>
              <dt>Cancellations</dt>
              <dd>{summary.data.cancellations}</dd>
            </div>
            <div className={summary.data.emergencies ? 'counter-alarm' : undefined}>
              <dt>Emergencies</dt>
              <dd>{summary.data.emergencies}</dd>
            </div>
            <div>
              <dt>Messages in</dt>
              <dd>{summary.data.inboundMessages}</dd>
            </div>
            <div>
              <dt>Waiting for a reply</dt>
              <dd>{summary.data.unansweredConversations}</dd>
            </div>
          </dl>
        </>
      )}
      <Emergencies />
    </section>
  );
}

/** The latest emergencies customers raised (GET /api/emergencies), newest first, standing out. */
function Emergencies() {
  const zone = useTimeZone();
  const emergencies = $api.useQuery('get', '/api/emergencies', { params: { query: { limit: 5 } } });
  return (
    <>
      <h3 id="emergencies-heading">Latest emergencies</h3>
      {emergencies.isPending ? (
        <Loading what="the emergencies" />
      ) : emergencies.isError ? (
        <LoadError what="the emergencies" error={emergencies.error} retry={() => void emergencies.refetch()} />
      ) : emergencies.data.items.length === 0 ? (
        <p className="muted">No emergency raised. Texts that read like one (a burst pipe, a gas smell) show here.</p>
      ) : (
        <ul className="emergencies" aria-labelledby="emergencies-heading">
          {emergencies.data.items.map((e) => (
            <li key={e.id} className="notice notice-error">
              <strong>{e.contact.name ?? e.contact.phone}</strong>,{' '}
              <time dateTime={e.createdAt}>{dayTime(e.createdAt, zone)}</time>: {e.summary}
              {e.appointment ? ` · appointment ${dayTime(e.appointment.startsAt, zone)}` : ' · no appointment yet'}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
