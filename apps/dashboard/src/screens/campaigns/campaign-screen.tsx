import { Link, useParams } from 'react-router';
import { $api } from '../../api/client';
import { statusOf } from '../../api/errors';
import type { components } from '../../api/schema';
import { ScreenHeading } from '../../ui/screen-heading';
import { LoadError, Loading } from '../../ui/states';
import { Time } from '../../ui/time-zone';
import { CampaignActions } from './campaign-actions';
import { CampaignCounters, CampaignProgress, CampaignStatusBadge, RecipientTable } from './campaign-progress';
import { CampaignPreview } from './campaign-preview';

type Campaign = components['schemas']['CampaignResponse'];

/** The recipients listed on screen; the rest are in the API (GET /api/campaigns/:id/recipients?after=). */
const RECIPIENTS_SHOWN = 200;

/** One campaign: its message, status, live progress and counters, the preview while it waits, and its moves. */
export function CampaignScreen() {
  const { id = '' } = useParams();
  const path = { params: { path: { id } } };
  const campaign = $api.useQuery('get', '/api/campaigns/{id}', path);

  if (campaign.isPending) return <Loading what="the campaign" />;
  if (campaign.isError) {
    return (
      <>
        <ScreenHeading title="Campaign not found" />
        {statusOf(campaign.error) === 404 ? (
          <p>
            There is no such campaign (it may have been deleted). See <Link to="/campaigns">all campaigns</Link>.
          </p>
        ) : (
          <LoadError what="the campaign" error={campaign.error} retry={() => void campaign.refetch()} />
        )}
      </>
    );
  }
  return <CampaignDetails campaign={campaign.data} />;
}

function CampaignDetails({ campaign }: { campaign: Campaign }) {
  const waiting = campaign.status === 'draft' || campaign.status === 'scheduled';
  return (
    <>
      <ScreenHeading title={campaign.name} />
      <p>
        <Link to="/campaigns">All campaigns</Link>
      </p>
      <p className="campaign-status" role="status">
        Status: <CampaignStatusBadge status={campaign.status} />
        {campaign.sendAt && campaign.status === 'scheduled' ? (
          <>
            {' '}
            · sends at <Time iso={campaign.sendAt} />
          </>
        ) : null}
        {campaign.heldUntil ? (
          <>
            {' '}
            · held by quiet hours until <Time iso={campaign.heldUntil} />
          </>
        ) : null}
      </p>
      <blockquote className="campaign-body">{campaign.body}</blockquote>
      <p className="muted">
        {campaign.segments.segments} SMS segment{campaign.segments.segments === 1 ? '' : 's'} each ·{' '}
        {campaign.segments.encoding}
      </p>
      <CampaignActions campaign={campaign} />
      <h2>Progress</h2>
      <CampaignProgress name={campaign.name} counters={campaign.counters} />
      <CampaignCounters counters={campaign.counters} />
      {waiting ? <CampaignPreview id={campaign.id} /> : null}
      <Recipients id={campaign.id} total={campaign.counters.total} />
    </>
  );
}

function Recipients({ id, total }: { id: string; total: number }) {
  const recipients = $api.useQuery('get', '/api/campaigns/{id}/recipients', {
    params: { path: { id }, query: { limit: RECIPIENTS_SHOWN } },
  });
  return (
    <section aria-labelledby="recipients">
      <h2 id="recipients">Recipients</h2>
      {recipients.isPending ? (
        <Loading what="the recipients" />
      ) : recipients.isError ? (
        <LoadError what="the recipients" error={recipients.error} retry={() => void recipients.refetch()} />
      ) : (
        <RecipientTable
          recipients={recipients.data.items}
          caption={total > RECIPIENTS_SHOWN ? `The first ${RECIPIENTS_SHOWN} of ${total}` : `All ${total}`}
        />
      )}
    </section>
  );
}
