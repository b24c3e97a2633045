import { $api } from '../../api/client';
import { dayTime } from '../../ui/day-time';
import { useTimeZone } from '../../ui/time-zone';

/**
 * The free slots of the next two weeks (GET /api/availability/slots: opening hours, buffers,
 * closed days and the day's maximum already applied by the API), as a labelled select.
 */
export function SlotSelect({
  id,
  label,
  value,
  onChange,
  describedBy,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (startsAt: string) => void;
  describedBy?: Record<string, unknown>;
}) {
  const timeZone = useTimeZone();
  const slots = $api.useQuery('get', '/api/availability/slots', { params: { query: { limit: 100 } } });
  const items = slots.data?.items ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...describedBy}>
        <option value="">
          {slots.isPending
            ? 'Loading the free times…'
            : slots.isError
              ? 'Could not load the free times'
              : items.length
                ? 'Choose a time'
                : 'No free time in the next 14 days'}
        </option>
        {items.map((slot) => (
          <option key={slot.startsAt} value={slot.startsAt}>
            {dayTime(slot.startsAt, timeZone)}
          </option>
        ))}
      </select>
      {slots.isSuccess && items.length === 0 ? (
        <p className="muted field-hint">Nothing is free: set or widen the opening hours below.</p>
      ) : null}
    </div>
  );
}
