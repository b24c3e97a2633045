import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describeError, statusOf } from '../../api/errors';
import type { components } from '../../api/schema';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';
import { LoadError, Loading } from '../../ui/states';
import { useAppointmentsChanged } from './use-appointments-changed';

type Availability = components['schemas']['AvailabilityResponse'];
type Interval = { start: string; end: string };

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
const FIELDS = ['slotMinutes', 'bufferMinutes', 'maxPerDay', 'closedDates'] as const;

/** "08:00-12:00, 13:00-17:00": how a day's hours are typed and shown. */
const hoursText = (intervals: Interval[] = []) => intervals.map((i) => `${i.start}-${i.end}`).join(', ');

/** Typed hours as the API takes them; a part that is not "start-end" is sent as it is, for the API to name. */
const parseHours = (text: string): Interval[] =>
  text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split(/\s*[-–]\s*/);
      return { start, end };
    });

type Draft = Record<(typeof DAYS)[number][0], string> & {
  slotMinutes: string;
  bufferMinutes: string;
  maxPerDay: string;
  closedDates: string;
};

const draftOf = (a: Availability | null): Draft => ({
  ...(Object.fromEntries(
    DAYS.map(([day]) => [day, hoursText(a?.weeklyHours[day] as Interval[] | undefined)]),
  ) as Record<(typeof DAYS)[number][0], string>),
  slotMinutes: String(a?.slotMinutes ?? 60),
  bufferMinutes: String(a?.bufferMinutes ?? 0),
  maxPerDay: a?.maxPerDay == null ? '' : String(a.maxPerDay),
  closedDates: (a?.closedDates ?? []).join(', '),
});

/** A number as typed, or the text itself, so the API's message names what is wrong with it. */
const numberOrText = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/** GET/PUT /api/availability: the opening hours (a 404 until first set) that slots and bookings keep to. */
export function AvailabilitySection({ announce }: { announce: (text: string) => void }) {
  const availability = $api.useQuery('get', '/api/availability', {}, { retry: false });
  const notSet = availability.isError && statusOf(availability.error) === 404;
  return (
    <section aria-labelledby="hours-heading" className="settings-form">
      <h2 id="hours-heading">Opening hours</h2>
      {availability.isPending ? (
        <Loading what="the opening hours" />
      ) : availability.isError && !notSet ? (
        <LoadError what="the opening hours" error={availability.error} retry={() => void availability.refetch()} />
      ) : (
        <AvailabilityForm key={availability.dataUpdatedAt} saved={availability.data ?? null} announce={announce} />
      )}
    </section>
  );
}

function AvailabilityForm({ saved, announce }: { saved: Availability | null; announce: (text: string) => void }) {
  const queryClient = useQueryClient();
  const changed = useAppointmentsChanged();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const put = $api.useMutation('put', '/api/availability', {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/availability'] });
      changed();
      announce('Opening hours saved.');
    },
  });
  const { byField, other } = fieldErrors(put.error, FIELDS);
  // "weeklyHours.mon.0.end must be after …": by the day it names.
  const dayErrors = (day: string) =>
    statusOf(put.error) === 400
      ? ([] as string[])
          .concat((put.error as { message: string | string[] }).message)
          .filter((m) => m.startsWith(`weeklyHours.${day}`))
      : [];
  const unplaced = other.filter((m) => !DAYS.some(([day]) => m.startsWith(`weeklyHours.${day}`)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const weeklyHours: Record<string, Interval[]> = {};
    for (const [day] of DAYS) {
      const hours = parseHours(draft[day]);
      if (hours.length) weeklyHours[day] = hours;
    }
    put.mutate({
      body: {
        weeklyHours,
        slotMinutes: numberOrText(draft.slotMinutes) as number,
        bufferMinutes: numberOrText(draft.bufferMinutes) as number,
        maxPerDay: draft.maxPerDay.trim() ? (numberOrText(draft.maxPerDay) as number) : null,
        closedDates: draft.closedDates
          .split(/[,;\s]+/)
          .map((d) => d.trim())
          .filter(Boolean),
      },
    });
  };
  const text = (field: keyof Draft, label: string, hint?: string, narrow = false) => {
    const id = `hours-${field}`;
    const messages = (FIELDS as readonly string[]).includes(field)
      ? byField[field as (typeof FIELDS)[number]]
      : dayErrors(field);
    return (
      <div className={narrow ? 'field field-narrow' : 'field'} key={field}>
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          value={draft[field]}
          onChange={(e) => setDraft((previous) => ({ ...previous, [field]: e.target.value }))}
          {...(messages?.length ? describedBy(id, messages) : hint ? { 'aria-describedby': `${id}-hint` } : {})}
        />
        {hint ? (
          <p id={`${id}-hint`} className="muted field-hint">
            {hint}
          </p>
        ) : null}
        <FieldError control={id} messages={messages} />
      </div>
    );
  };

  return (
    <form onSubmit={submit} aria-labelledby="hours-heading" noValidate>
      {saved ? null : <p className="notice">No opening hours yet: nobody can book a slot until you set them.</p>}
      <p className="muted">
        Hours as <code>08:00-12:00, 13:00-17:00</code>, on the business’s clock; an empty day is closed.
      </p>
      <div className="hours-grid">{DAYS.map(([day, label]) => text(day, `${label} hours`))}</div>
      <div className="hours-grid">
        {text('slotMinutes', 'Appointment length (minutes)', undefined, true)}
        {text('bufferMinutes', 'Free minutes after each', undefined, true)}
        {text('maxPerDay', 'Most appointments a day', 'Empty: no limit.', true)}
      </div>
      {text('closedDates', 'Closed on', 'Dates like 2026-12-25, separated by commas.')}
      {put.isError ? (
        <p className="notice notice-error" role="alert">
          Not saved:{' '}
          {statusOf(put.error) !== 400
            ? describeError(put.error)
            : unplaced.length
              ? unplaced.join('; ')
              : 'see the messages next to the fields.'}
        </p>
      ) : null}
      <button type="submit" disabled={put.isPending}>
        {put.isPending ? 'Saving…' : 'Save opening hours'}
      </button>
    </form>
  );
}
