import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { $api } from '../../api/client';
import { describeError, statusOf } from '../../api/errors';
import type { components } from '../../api/schema';
import { ScreenHeading } from '../../ui/screen-heading';
import { LoadError, Loading } from '../../ui/states';
import { ApiKeys } from './api-keys';
import { BusinessStatusBadge } from './business-status';
import { BusinessUsage } from './business-usage';
import './business.css';

type Business = components['schemas']['BusinessResponse'];

/** /businesses/:id: the business, suspend or resume it, its API keys and what it used. */
export default function BusinessScreen() {
  const id = useParams().id ?? '';
  const business = $api.useQuery('get', '/api/businesses/{id}', { params: { path: { id } } });
  const title = business.data?.name ?? 'Business';

  return (
    <>
      <p>
        <Link to="/businesses">← All businesses</Link>
      </p>
      <ScreenHeading title={title} />
      {business.isPending ? (
        <Loading what="the business" />
      ) : business.isError ? (
        statusOf(business.error) === 404 ? (
          <p className="notice notice-error" role="alert">
            No such business. Open one from the <Link to="/businesses">list</Link>.
          </p>
        ) : (
          <LoadError what="the business" error={business.error} retry={() => void business.refetch()} />
        )
      ) : (
        <>
          <BusinessFacts business={business.data} />
          <ApiKeys businessId={business.data.id} />
          <BusinessUsage businessId={business.data.id} />
        </>
      )}
    </>
  );
}

/** Its slug, status and numbers, and the move its status allows (idempotent on the API's side). */
function BusinessFacts({ business }: { business: Business }) {
  const queryClient = useQueryClient();
  const path = { params: { path: { id: business.id } } };
  const options = {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/businesses/{id}'] });
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/businesses'] });
    },
  };
  const suspend = $api.useMutation('post', '/api/businesses/{id}/suspend', options);
  const resume = $api.useMutation('post', '/api/businesses/{id}/resume', options);
  const busy = suspend.isPending || resume.isPending;
  const failed = suspend.isError ? suspend.error : resume.isError ? resume.error : null;

  return (
    <section aria-labelledby="business-facts">
      <h2 id="business-facts">Status</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <BusinessStatusBadge status={business.status} />
        </dd>
        <dt>Slug</dt>
        <dd>
          <code>{business.slug}</code>
        </dd>
        <dt>Time zone</dt>
        <dd>{business.timezone ?? 'the default (DEFAULT_TIMEZONE)'}</dd>
        <dt>Numbers</dt>
        <dd>{business.numbers.map((n) => `${n.address} (${n.channel})`).join(', ') || 'none yet'}</dd>
      </dl>
      <div className="actions">
        <div className="action-buttons">
          {business.status === 'active' ? (
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => {
                if (
                  window.confirm(
                    `Suspend ${business.name}? Its numbers get no replies, its sends wait and its keys are refused until it is resumed.`,
                  )
                )
                  suspend.mutate(path);
              }}
            >
              Suspend
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => resume.mutate(path)}>
              Resume
            </button>
          )}
        </div>
        {failed ? (
          <p className="notice notice-error" role="alert">
            Not done: {describeError(failed)}
          </p>
        ) : null}
      </div>
    </section>
  );
}
