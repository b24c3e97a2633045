import { describeError, statusOf } from '../../api/errors';
import { dayTime } from '../../ui/day-time';
import { useTimeZone } from '../../ui/time-zone';

/**
 * A booking or move the API refused, in its words; a 409 (taken, or the day full) also offers the
 * next free times it sent back, so the operator can pick one at once.
 */
export function BookingRefusal({ what, error, other }: { what: string; error: unknown; other?: string[] }) {
  const timeZone = useTimeZone();
  const next = statusOf(error) === 409 ? ((error as { nextSlots?: Array<{ startsAt: string }> }).nextSlots ?? []) : [];
  const reason =
    statusOf(error) === 400 && other
      ? other.length
        ? other.join('; ')
        : 'see the messages next to the fields.'
      : describeError(error);
  return (
    <div className="notice notice-error" role="alert">
      <p>
        {what}: {reason}
      </p>
      {next.length ? <p>Free instead: {next.map((slot) => dayTime(slot.startsAt, timeZone)).join(' · ')}</p> : null}
    </div>
  );
}
