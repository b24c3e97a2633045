import { $api } from '../../api/client';
import { LoadError, Loading } from '../../ui/states';
import { Time } from '../../ui/time-zone';

/** GET /api/campaigns/:id/preview: what launching will do, by the dispatcher's own rules. */
export function CampaignPreview({ id }: { id: string }) {
  const preview = $api.useQuery('get', '/api/campaigns/{id}/preview', { params: { path: { id } } });
  return (
    <section aria-labelledby="preview">
      <h2 id="preview">Preview: what launching will do</h2>
      {preview.isPending ? (
        <Loading what="the preview" />
      ) : preview.isError ? (
        <LoadError what="the preview" error={preview.error} retry={() => void preview.refetch()} />
      ) : (
        <dl className="facts">
          <dt>Sent at once</dt>
          <dd>{preview.data.sendNow.count}</dd>
          <dt>Held by quiet hours</dt>
          <dd>
            {preview.data.quietHours.count}
            {preview.data.quietHours.until ? (
              <>
                {' '}
                (until <Time iso={preview.data.quietHours.until} />)
              </>
            ) : null}
          </dd>
          <dt>Opted out (skipped)</dt>
          <dd>{preview.data.optedOut.count}</dd>
          <dt>Duplicates (sent once)</dt>
          <dd>{preview.data.duplicates.count}</dd>
          <dt>Not numbers (not sent)</dt>
          <dd>
            {preview.data.invalid.count}
            {preview.data.invalid.sample.length ? ` (${preview.data.invalid.sample.join(', ')})` : ''}
          </dd>
          <dt>Messages</dt>
          <dd>{preview.data.messages}</dd>
          <dt>SMS segments</dt>
          <dd>{preview.data.segments ? `${preview.data.segments.total} (${preview.data.segments.encoding})` : '—'}</dd>
          <dt>Estimated cost</dt>
          <dd>
            {preview.data.estimatedCost === null ? 'Unknown (PRICE_PER_SEGMENT not set)' : preview.data.estimatedCost}
          </dd>
          <dt>Estimated finish</dt>
          <dd>
            {preview.data.estimatedFinishAt ? <Time iso={preview.data.estimatedFinishAt} /> : '—'} at{' '}
            {preview.data.sendRatePerSecond || 'unlimited'} per second
          </dd>
        </dl>
      )}
    </section>
  );
}
