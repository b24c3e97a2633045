import { useState } from 'react';
import { $api } from '../../api/client';
import type { components } from '../../api/schema';
import { Empty, LoadError, Loading } from '../../ui/states';
import { shortTime, Time, useTimeZone } from '../../ui/time-zone';
import {
  CampaignCounters,
  CampaignProgress,
  CampaignStatusBadge,
  RecipientTable,
} from '../campaigns/campaign-progress';

type Batch = components['schemas']['BatchResponse'];

/** The batches shown; older ones stay in the API (GET /api/multi-sms/batches?offset=). */
const HISTORY_LIMIT = 20;

/**
 * The batches, newest first, each with its progress and, on demand, its recipients. The recipients
 * come with the list (includeRecipients) and are always in the page, only hidden while collapsed,
 * so the print stylesheet can show them all.
 */
export function BatchHistory({ latest }: { latest?: string }) {
  const batches = $api.useQuery('get', '/api/multi-sms/batches', {
    params: { query: { includeRecipients: '1', limit: HISTORY_LIMIT } },
  });
  return (
    <section aria-labelledby="batch-history" className="history">
      <h2 id="batch-history">Sent batches</h2>
      {batches.isPending ? (
        <Loading what="the batches" />
      ) : batches.isError ? (
        <LoadError what="the batches" error={batches.error} retry={() => void batches.refetch()} />
      ) : batches.data.items.length === 0 ? (
        <Empty title="No batch sent yet.">
          <p>
            Paste numbers and a message above, Preview, then Send: each batch and what became of every text shows here.
          </p>
        </Empty>
      ) : (
        <ul className="batches">
          {batches.data.items.map((batch) => (
            <BatchItem key={batch.id} batch={batch} openAtFirst={batch.id === latest} />
          ))}
        </ul>
      )}
    </section>
  );
}

function BatchItem({ batch, openAtFirst }: { batch: Batch; openAtFirst: boolean }) {
  // Until toggled, open when it is the batch just sent: the live event may list it before the
  // send's own answer names it, so this follows `openAtFirst` rather than reading it once.
  const [toggled, setToggled] = useState<boolean | null>(null);
  const open = toggled ?? openAtFirst;
  const timeZone = useTimeZone();
  const recipients = batch.recipients ?? [];
  const panel = `batch-${batch.id}-recipients`;
  const name = `the batch of ${shortTime(batch.launchedAt ?? batch.createdAt, timeZone)}`;
  return (
    <li className="batch">
      <p className="batch-head">
        <Time iso={batch.launchedAt ?? batch.createdAt} /> <CampaignStatusBadge status={batch.status} />{' '}
        <span className="batch-body">{batch.body}</span>
      </p>
      <CampaignProgress name={name} counters={batch.counters} />
      <CampaignCounters counters={batch.counters} />
      <button type="button" aria-expanded={open} aria-controls={panel} onClick={() => setToggled(!open)}>
        {open ? 'Hide' : 'Show'} {batch.counters.total} recipient{batch.counters.total === 1 ? '' : 's'}
      </button>
      <div id={panel} className={open ? 'expandable' : 'expandable collapsed'}>
        <RecipientTable recipients={recipients} caption="Recipients of this batch" />
      </div>
    </li>
  );
}
