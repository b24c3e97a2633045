import { Link } from 'react-router';
import { $api } from '../../api/client';
import { ScreenHeading } from '../../ui/screen-heading';
import { Empty, LoadError, Loading } from '../../ui/states';
import { Time } from '../../ui/time-zone';
import { CampaignProgress, CampaignStatusBadge } from './campaign-progress';
import { NewCampaignForm } from './new-campaign-form';

/** The campaigns, newest first, each with its status and progress (moved live by `campaign` events); and a new one. */
export function CampaignsScreen() {
  const campaigns = $api.useQuery('get', '/api/campaigns', { params: { query: { limit: 50 } } });
  return (
    <>
      <ScreenHeading title="Campaigns" />
      <section aria-labelledby="campaign-list">
        <h2 id="campaign-list">All campaigns</h2>
        {campaigns.isPending ? (
          <Loading what="the campaigns" />
        ) : campaigns.isError ? (
          <LoadError what="the campaigns" error={campaigns.error} retry={() => void campaigns.refetch()} />
        ) : campaigns.data.items.length === 0 ? (
          <Empty title="No campaign yet.">
            <p>Make one below: it is kept as a draft, with a preview of what it will send, until you launch it.</p>
          </Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.data.items.map((campaign) => (
                <tr key={campaign.id}>
                  <th scope="row">
                    <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link>
                  </th>
                  <td>
                    <CampaignStatusBadge status={campaign.status} />
                  </td>
                  <td>
                    <CampaignProgress name={campaign.name} counters={campaign.counters} />
                  </td>
                  <td>
                    <Time iso={campaign.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <NewCampaignForm />
    </>
  );
}
