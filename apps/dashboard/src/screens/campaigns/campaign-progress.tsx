import type { components } from '../../api/schema';

type Campaign = components['schemas']['CampaignResponse'];
type Counters = Campaign['counters'];
export type CampaignStatus = Campaign['status'];

const STATUS_LABEL: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  running: 'Sending',
  paused: 'Paused',
  completed: 'Completed',
  canceled: 'Canceled',
};

const STATUS_CLASS: Record<CampaignStatus, string> = {
  draft: 'badge',
  scheduled: 'badge',
  running: 'badge badge-live',
  paused: 'badge',
  completed: 'badge badge-ok',
  canceled: 'badge badge-bad',
};

/** The recipient counters worth naming, in the order of a send's life. */
const COUNTER_LABEL: ReadonlyArray<[keyof Counters, string]> = [
  ['pending', 'Waiting'],
  ['sending', 'Sending'],
  ['sent', 'Sent'],
  ['delivered', 'Delivered'],
  ['failed', 'Failed'],
  ['undelivered', 'Undelivered'],
  ['invalid', 'Invalid'],
  ['skipped_opted_out', 'Opted out'],
  ['skipped_duplicate', 'Duplicate'],
  ['canceled', 'Canceled'],
];

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return <span className={STATUS_CLASS[status]}>{STATUS_LABEL[status]}</span>;
}

/** Recipients the engine is done with: everything but the ones still waiting or being sent. */
export const processedOf = (c: Counters) => c.total - c.pending - c.sending;

/**
 * A real <progress> named after what it measures, and the same numbers in words (a progress bar
 * alone says nothing on paper or to a reader that skips it).
 */
export function CampaignProgress({ name, counters }: { name: string; counters: Counters }) {
  const done = processedOf(counters);
  return (
    <div className="progress">
      <progress value={done} max={Math.max(counters.total, 1)} aria-label={`Progress of ${name}`} />
      <span className="muted">
        {done} of {counters.total} done
      </span>
    </div>
  );
}

/** The non-zero counters, by name (all of them when nothing has happened yet would be noise). */
export function CampaignCounters({ counters }: { counters: Counters }) {
  const shown = COUNTER_LABEL.filter(([key]) => counters[key] > 0);
  return (
    <dl className="counters">
      {shown.map(([key, text]) => (
        <div key={key}>
          <dt>{text}</dt>
          <dd>{counters[key]}</dd>
        </div>
      ))}
    </dl>
  );
}

type Recipient = components['schemas']['RecipientResponse'];

/** Recipients one per row: who, what became of their message, and Twilio's error when there was one. */
export function RecipientTable({ recipients, caption }: { recipients: Recipient[]; caption: string }) {
  return (
    <table className="recipients">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Number</th>
          <th scope="col">Status</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {recipients.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.phone ?? r.input}</th>
            <td>{r.status.replaceAll('_', ' ')}</td>
            <td>{r.errorCode ? `${r.errorCode}${r.errorMessage ? `: ${r.errorMessage}` : ''}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Entries in pasted text, split as the API splits them (one per line, or by commas or semicolons). */
export const countEntries = (text: string) =>
  text
    .split(/[\n\r,;]+/)
    .map((s) => s.trim())
    .filter(Boolean).length;
