import { $api } from '../api/client';
import type { components } from '../api/schema';
import { ScreenHeading } from '../ui/screen-heading';
import { LoadError, Loading } from '../ui/states';
import { Time } from '../ui/time-zone';

type Health = components['schemas']['HealthResponse'];

/** The job counts each queue reports, in the order shown. */
const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** How often the screen asks again: it shows live state, and the workers' heartbeats come every few seconds. */
const REFRESH_MS = 10_000;

/** A degraded API answers 503 with the same report; show it rather than an error. */
const isHealthReport = (value: unknown): value is Health =>
  typeof value === 'object' && value !== null && 'db' in value && 'redis' in value;

/** GET /api/health: PostgreSQL, Redis, the queues' job counts and the workers heard from. */
export function HealthScreen() {
  const health = $api.useQuery('get', '/api/health', {}, { refetchInterval: REFRESH_MS, retry: false });
  const report = health.data ?? (isHealthReport(health.error) ? health.error : undefined);

  return (
    <>
      <ScreenHeading title="Health" />
      {report ? (
        <HealthReport report={report} />
      ) : health.isPending ? (
        <Loading what="the health report" />
      ) : (
        <LoadError what="the health report" error={health.error} retry={() => void health.refetch()} />
      )}
    </>
  );
}

function HealthReport({ report }: { report: Health }) {
  const workers = report.workers ?? [];
  return (
    <>
      <p className={report.status === 'ok' ? 'notice notice-ok' : 'notice notice-error'} role="status">
        {report.status === 'ok'
          ? 'Everything answers.'
          : 'Degraded: PostgreSQL or Redis does not answer. Messages wait until it is back; check the service and its URL (DATABASE_URL, REDIS_URL).'}
      </p>
      <dl className="facts">
        <dt>Database (PostgreSQL)</dt>
        <dd>
          <StatusBadge up={report.db === 'ok'} />
        </dd>
        <dt>Redis</dt>
        <dd>
          <StatusBadge up={report.redis === 'ok'} />
        </dd>
      </dl>

      <h2>Queues</h2>
      {report.queues ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Waiting</th>
              <th scope="col">Active</th>
              <th scope="col">Delayed</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(report.queues).map(([name, counts]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {counts ? (
                  JOB_STATES.map((state) => <td key={state}>{counts[state] ?? 0}</td>)
                ) : (
                  <td colSpan={4}>Did not answer in time</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Queue counts are unavailable while Redis is down.</p>
      )}

      <h2>Workers</h2>
      {workers.length ? (
        <ul className="workers">
          {workers.map((worker) => (
            <li key={worker.name}>
              {worker.name}, last heard from <Time iso={worker.lastSeen} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="notice notice-error">
          No worker is running: nothing is sent or answered until one is. Start one with{' '}
          <code>npm run start:worker</code> (or <code>npm start</code>, which runs the API and a worker).
        </p>
      )}
      <p className="muted">Refreshed every {REFRESH_MS / 1000} seconds.</p>
    </>
  );
}

function StatusBadge({ up }: { up: boolean }) {
  return <span className={up ? 'badge badge-ok' : 'badge badge-bad'}>{up ? 'Up' : 'Down'}</span>;
}
