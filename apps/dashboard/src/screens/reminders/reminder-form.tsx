import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describeError, statusOf } from '../../api/errors';
import type { components } from '../../api/schema';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';
import { useTimeZone } from '../../ui/time-zone';
import { RunList, SchedulePreview, type ScheduleInput } from './schedule-runs';

type Reminder = components['schemas']['ReminderResponse'];
type Kind = 'interval' | 'cron';

const FIELDS = ['to', 'body', 'intervalSeconds', 'cron', 'timezone'] as const;

interface Draft {
  to: string;
  body: string;
  kind: Kind;
  /** Minutes as typed: people think in minutes and hours; the API takes seconds. */
  minutes: string;
  cron: string;
  timezone: string;
}

const draftOf = (reminder: Reminder | undefined, businessZone: string): Draft => ({
  to: reminder?.to ?? '',
  body: reminder?.body ?? '',
  kind: reminder?.cron ? 'cron' : 'interval',
  minutes: reminder?.intervalSeconds ? String(reminder.intervalSeconds / 60) : '',
  cron: reminder?.cron ?? '',
  timezone: reminder?.timezone ?? businessZone,
});

/** The schedule as the API takes it, or null while it is not filled in. */
function scheduleOf(draft: Draft): ScheduleInput | null {
  if (draft.kind === 'cron') {
    if (!draft.cron.trim()) return null;
    return { cron: draft.cron.trim(), ...(draft.timezone.trim() ? { timezone: draft.timezone.trim() } : {}) };
  }
  const minutes = Number(draft.minutes);
  return draft.minutes.trim() && Number.isFinite(minutes) ? { intervalSeconds: Math.round(minutes * 60) } : null;
}

const sameSchedule = (a: Draft, b: Draft) => JSON.stringify(scheduleOf(a)) === JSON.stringify(scheduleOf(b));

/**
 * A new reminder (POST /api/reminders) or an edit of one (PATCH, only what changed: a schedule
 * sent again would restart it). Its next runs show as the schedule is typed, from the API.
 */
export function ReminderForm({ reminder, onSaved }: { reminder?: Reminder; onSaved: (text: string) => void }) {
  const queryClient = useQueryClient();
  const businessZone = useTimeZone();
  const saved = draftOf(reminder, businessZone);
  const [draft, setDraft] = useState<Draft>(saved);
  const edit = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));
  const done = (text: string) => {
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/reminders'] });
    onSaved(text);
  };
  const create = $api.useMutation('post', '/api/reminders', {
    onSuccess: (created) => done(`Reminder to ${created.to} created.`),
  });
  const update = $api.useMutation('patch', '/api/reminders/{id}', {
    onSuccess: (changed) => done(`Reminder to ${changed.to} saved.`),
  });
  const save = reminder ? update : create;
  const { byField, other } = fieldErrors(save.error, FIELDS);
  const scheduleChanged = !reminder || !sameSchedule(draft, saved);
  const prefix = reminder ? 'edit-reminder' : 'new-reminder';
  const id = (field: string) => `${prefix}-${field}`;
  // The minutes field answers for intervalSeconds, whose message names the seconds it was sent as.
  const intervalErrors = byField.intervalSeconds;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const schedule = scheduleOf(draft) ?? (draft.kind === 'cron' ? { cron: draft.cron } : {});
    if (!reminder) {
      create.mutate({ body: { to: draft.to, body: draft.body, ...schedule } });
      return;
    }
    const body = {
      ...(draft.to !== saved.to ? { to: draft.to } : {}),
      ...(draft.body !== saved.body ? { body: draft.body } : {}),
      ...(scheduleChanged ? schedule : {}),
    };
    update.mutate({ params: { path: { id: reminder.id } }, body });
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby={id('heading')} noValidate>
      <h2 id={id('heading')}>{reminder ? `Edit the reminder to ${reminder.to}` : 'New reminder'}</h2>
      <div className="field">
        <label htmlFor={id('to')}>To (phone number)</label>
        <input
          id={id('to')}
          type="tel"
          autoComplete="off"
          value={draft.to}
          maxLength={40}
          onChange={(e) => edit({ to: e.target.value })}
          {...describedBy(id('to'), byField.to)}
        />
        <FieldError control={id('to')} messages={byField.to} />
      </div>
      <div className="field">
        <label htmlFor={id('body')}>Message</label>
        <textarea
          id={id('body')}
          rows={2}
          maxLength={1600}
          value={draft.body}
          onChange={(e) => edit({ body: e.target.value })}
          {...describedBy(id('body'), byField.body)}
        />
        <FieldError control={id('body')} messages={byField.body} />
      </div>
      <fieldset className="field">
        <legend>Repeats</legend>
        <div className="field-check">
          <input
            id={id('kind-interval')}
            type="radio"
            name={id('kind')}
            checked={draft.kind === 'interval'}
            onChange={() => edit({ kind: 'interval' })}
          />
          <label htmlFor={id('kind-interval')}>Every so many minutes</label>
        </div>
        <div className="field-check">
          <input
            id={id('kind-cron')}
            type="radio"
            name={id('kind')}
            checked={draft.kind === 'cron'}
            onChange={() => edit({ kind: 'cron' })}
          />
          <label htmlFor={id('kind-cron')}>On a calendar (cron)</label>
        </div>
      </fieldset>
      {draft.kind === 'interval' ? (
        <div className="field field-narrow">
          <label htmlFor={id('minutes')}>Every (minutes, at least 1)</label>
          <input
            id={id('minutes')}
            type="number"
            min={1}
            step={1}
            value={draft.minutes}
            onChange={(e) => edit({ minutes: e.target.value })}
            {...describedBy(id('minutes'), intervalErrors)}
          />
          <FieldError control={id('minutes')} messages={intervalErrors} />
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor={id('cron')}>Cron line</label>
            <input
              id={id('cron')}
              value={draft.cron}
              maxLength={100}
              spellCheck={false}
              onChange={(e) => edit({ cron: e.target.value })}
              aria-describedby={byField.cron?.length ? id('cron-error') : id('cron-hint')}
              {...(byField.cron?.length ? { 'aria-invalid': true } : {})}
            />
            <p id={id('cron-hint')} className="muted field-hint">
              Minute, hour, day of month, month, day of week: <code>30 9 * * 1-5</code> is 09:30 on weekdays.
            </p>
            <FieldError control={id('cron')} messages={byField.cron} />
          </div>
          <div className="field">
            <label htmlFor={id('timezone')}>Time zone of the cron line</label>
            <input
              id={id('timezone')}
              value={draft.timezone}
              maxLength={64}
              spellCheck={false}
              onChange={(e) => edit({ timezone: e.target.value })}
              {...describedBy(id('timezone'), byField.timezone)}
            />
            <FieldError control={id('timezone')} messages={byField.timezone} />
          </div>
        </>
      )}
      {scheduleChanged ? (
        <SchedulePreview schedule={scheduleOf(draft)} />
      ) : (
        <div className="schedule-preview">
          <h3>Next runs</h3>
          <RunList runs={reminder?.nextRuns ?? []} label="Next runs" />
        </div>
      )}
      {businessZone !== (draft.kind === 'cron' ? draft.timezone : businessZone) ? (
        <p className="muted">Run times are shown on the business’s clock ({businessZone}).</p>
      ) : null}
      {save.isError ? (
        <p className="notice notice-error" role="alert">
          Not saved:{' '}
          {statusOf(save.error) !== 400
            ? describeError(save.error)
            : other.length
              ? other.join('; ')
              : 'see the messages next to the fields.'}
        </p>
      ) : null}
      <div className="action-buttons">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : reminder ? 'Save reminder' : 'Create reminder'}
        </button>
        {reminder ? (
          <button type="button" className="secondary" onClick={() => onSaved('')}>
            Cancel editing
          </button>
        ) : null}
      </div>
    </form>
  );
}
