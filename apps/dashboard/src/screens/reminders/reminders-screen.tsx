import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { $api } from '../../api/client';
import { describeError } from '../../api/errors';
import type { components } from '../../api/schema';
import { dayTime } from '../../ui/day-time';
import { ScreenHeading } from '../../ui/screen-heading';
import { Empty, LoadError, Loading } from '../../ui/states';
import { useTimeZone } from '../../ui/time-zone';
import { ReminderForm } from './reminder-form';
import './reminders.css';

type Reminder = components['schemas']['ReminderResponse'];

/** "Every 2 hours", "30 9 * * 1-5 (Europe/Warsaw)": the schedule as set. */
function scheduleText(r: Reminder): string {
  if (r.cron) return `${r.cron} (${r.timezone ?? 'UTC'})`;
  const minutes = (r.intervalSeconds ?? 0) / 60;
  if (minutes % 1440 === 0) return minutes === 1440 ? 'Every day' : `Every ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'Every hour' : `Every ${minutes / 60} hours`;
  return minutes === 1 ? 'Every minute' : `Every ${minutes} minutes`;
}

/**
 * /reminders: the recurring messages, each with its schedule and next run, paused or running;
 * edit one, pause or resume it, send it once now; and a new one, its next runs shown as it is typed.
 */
export function RemindersScreen() {
  const reminders = $api.useQuery('get', '/api/reminders', { params: { query: { limit: 100 } } });
  const [editing, setEditing] = useState<string | null>(null);
  // Bumped after a create, so the new-reminder form starts empty again.
  const [formKey, setFormKey] = useState(0);
  const [announced, setAnnounced] = useState('');
  const editingReminder = reminders.data?.items.find((r) => r.id === editing);

  return (
    <>
      <ScreenHeading title="Reminders" />
      <p className="screen-intro">
        A reminder texts the same message to one number on a schedule: every so many minutes, or on a calendar (a cron
        line in a time zone). Opted-out numbers are skipped.
      </p>
      <p role="status" aria-live="polite" className="saved">
        {announced}
      </p>
      <section aria-labelledby="reminder-list">
        <h2 id="reminder-list">All reminders</h2>
        {reminders.isPending ? (
          <Loading what="the reminders" />
        ) : reminders.isError ? (
          <LoadError what="the reminders" error={reminders.error} retry={() => void reminders.refetch()} />
        ) : reminders.data.items.length === 0 ? (
          <Empty title="No reminder yet.">
            <p>Make one with the form below: pick the number, the message and when it repeats.</p>
          </Empty>
        ) : (
          <ul className="reminders">
            {reminders.data.items.map((reminder) => (
              <ReminderRow
                key={reminder.id}
                reminder={reminder}
                onEdit={() => {
                  setEditing(reminder.id);
                  setAnnounced('');
                }}
                announce={setAnnounced}
              />
            ))}
          </ul>
        )}
      </section>
      {editingReminder ? (
        <ReminderForm
          key={editingReminder.id}
          reminder={editingReminder}
          onSaved={(text) => {
            setEditing(null);
            setAnnounced(text);
          }}
        />
      ) : (
        <ReminderForm
          key={formKey}
          onSaved={(text) => {
            setFormKey((k) => k + 1);
            setAnnounced(text);
          }}
        />
      )}
    </>
  );
}

/** One reminder: what, to whom, when next, and its moves (edit, pause or resume, send now). */
function ReminderRow({
  reminder,
  onEdit,
  announce,
}: {
  reminder: Reminder;
  onEdit: () => void;
  announce: (text: string) => void;
}) {
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const changed = () => void queryClient.invalidateQueries({ queryKey: ['get', '/api/reminders'] });
  const toggle = $api.useMutation('patch', '/api/reminders/{id}', {
    onSuccess: (r) => {
      changed();
      announce(`Reminder to ${r.to} ${r.enabled ? 'resumed' : 'paused'}.`);
    },
  });
  const sendNow = $api.useMutation('post', '/api/reminders/{id}/send-now', {
    onSuccess: (message) => {
      changed();
      announce(`Sent now: the reminder’s text to ${message.to} is on its way.`);
    },
  });
  const path = { params: { path: { id: reminder.id } } };
  const busy = toggle.isPending || sendNow.isPending;
  const failed = toggle.isError ? toggle.error : sendNow.isError ? sendNow.error : null;
  const headingId = `reminder-${reminder.id}`;

  return (
    <li className="reminder" aria-labelledby={headingId}>
      <h3 id={headingId} className="reminder-head">
        {reminder.to}{' '}
        <span className={reminder.enabled ? 'badge badge-ok' : 'badge'}>{reminder.enabled ? 'Running' : 'Paused'}</span>
      </h3>
      <blockquote className="campaign-body">{reminder.body}</blockquote>
      <dl className="facts">
        <dt>Repeats</dt>
        <dd>{scheduleText(reminder)}</dd>
        <dt>Next run</dt>
        <dd>
          {reminder.enabled && reminder.nextRunAt ? (
            <time dateTime={reminder.nextRunAt}>{dayTime(reminder.nextRunAt, timeZone)}</time>
          ) : reminder.enabled ? (
            'None: the schedule has ended'
          ) : (
            'None while paused'
          )}
        </dd>
        <dt>Sent</dt>
        <dd>
          {reminder.sendCount} time{reminder.sendCount === 1 ? '' : 's'}
          {reminder.lastSentAt ? `, last ${dayTime(reminder.lastSentAt, timeZone)}` : ''}
          {reminder.skippedCount ? ` · ${reminder.skippedCount} skipped` : ''}
        </dd>
        {reminder.lastError ? (
          <>
            <dt>Note</dt>
            <dd>{reminder.lastError}</dd>
          </>
        ) : null}
      </dl>
      <div className="action-buttons">
        <button type="button" onClick={onEdit} aria-describedby={headingId}>
          Edit
        </button>
        <button
          type="button"
          disabled={busy}
          aria-describedby={headingId}
          onClick={() => toggle.mutate({ ...path, body: { enabled: !reminder.enabled } })}
        >
          {reminder.enabled ? 'Pause' : 'Resume'}
        </button>
        <button type="button" disabled={busy} aria-describedby={headingId} onClick={() => sendNow.mutate(path)}>
          Send now
        </button>
      </div>
      {failed ? (
        <p className="notice notice-error" role="alert">
          Not done: {describeError(failed)}
        </p>
      ) : null}
    </li>
  );
}
