import { useEffect, useState } from 'react';
import { $api } from '../../api/client';
import { describeError, statusOf } from '../../api/errors';
import type { components } from '../../api/schema';
import { dayTime } from '../../ui/day-time';
import { useTimeZone } from '../../ui/time-zone';

export type ScheduleInput = components['schemas']['PreviewScheduleDto'];

/** The value, once it has stopped changing for `ms`: one preview per pause in typing, not one per key. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Run times as a list, on the business's clock. */
export function RunList({ runs, label }: { runs: string[]; label: string }) {
  const timeZone = useTimeZone();
  if (runs.length === 0) return <p className="muted">No runs: the schedule has ended or is paused.</p>;
  return (
    <ol className="runs" aria-label={label}>
      {runs.map((run) => (
        <li key={run}>
          <time dateTime={run}>{dayTime(run, timeZone)}</time>
        </li>
      ))}
    </ol>
  );
}

/**
 * The next five runs of a schedule not saved yet, asked of the API (POST
 * /api/reminders/preview-schedule: the workers' own cron and interval rules, never re-done here).
 * A schedule the API refuses shows its reason, as saving would.
 */
export function SchedulePreview({ schedule }: { schedule: ScheduleInput | null }) {
  const settled = useSettled(JSON.stringify(schedule), 300);
  const body = JSON.parse(settled) as ScheduleInput | null;
  const preview = $api.useQuery(
    'post',
    '/api/reminders/preview-schedule',
    { body: body ?? {} },
    { enabled: body !== null, retry: false, staleTime: 30_000 },
  );
  return (
    <div className="schedule-preview" aria-live="polite">
      <h3 id="preview-runs">Next runs if saved now</h3>
      {body === null ? (
        <p className="muted">Fill in the schedule to see when it runs.</p>
      ) : preview.isPending ? (
        <p className="muted">Working out the next runs…</p>
      ) : preview.isError ? (
        <p className="field-error">
          {statusOf(preview.error) === 400 ? 'This schedule cannot be saved: ' : 'No preview: '}
          {describeError(preview.error)}
        </p>
      ) : preview.data.runs.length === 0 ? (
        <p className="field-error">This schedule never runs: its end comes before its first run.</p>
      ) : (
        <RunList runs={preview.data.runs} label="Next runs if saved now" />
      )}
    </div>
  );
}
