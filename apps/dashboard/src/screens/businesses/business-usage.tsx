import { useState } from 'react';
import { $api } from '../../api/client';
import { LoadError, Loading } from '../../ui/states';
import { UsageChart } from './usage-chart';

const RANGES = [7, 30, 90] as const;

/** GET /api/businesses/{id}/usage: totals over the range, the chart, and the numbers by day. */
export function BusinessUsage({ businessId }: { businessId: string }) {
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  // Another range keeps the last one on screen until it comes (no flash of "Loading", the table stays open).
  const usage = $api.useQuery(
    'get',
    '/api/businesses/{id}/usage',
    { params: { path: { id: businessId }, query: { days } } },
    { placeholderData: (previous) => previous },
  );

  return (
    <section aria-labelledby="usage">
      <h2 id="usage">Usage</h2>
      <p className="field field-narrow">
        <label htmlFor="usage-days">Days</label>
        <select id="usage-days" value={days} onChange={(e) => setDays(Number(e.target.value) as typeof days)}>
          {RANGES.map((n) => (
            <option key={n} value={n}>
              Last {n} days
            </option>
          ))}
        </select>
      </p>
      {usage.isPending ? (
        <Loading what="the usage" />
      ) : usage.isError ? (
        <LoadError what="the usage" error={usage.error} retry={() => void usage.refetch()} />
      ) : (
        <>
          <dl className="counters">
            <div>
              <dt>Received</dt>
              <dd>{usage.data.totals.inbound}</dd>
            </div>
            <div>
              <dt>Sent</dt>
              <dd>{usage.data.totals.outbound}</dd>
            </div>
            <div>
              <dt>SMS segments</dt>
              <dd>{usage.data.totals.segments}</dd>
            </div>
            <div>
              <dt>AI replies</dt>
              <dd>{usage.data.totals.aiReplies}</dd>
            </div>
            <div>
              <dt>Failed sends</dt>
              <dd>{usage.data.totals.failedSends}</dd>
            </div>
          </dl>
          <figure className="usage">
            <UsageChart days={usage.data.items} />
            <figcaption className="muted">
              Messages received, sent and failed per day over the last {usage.data.days} days, in {usage.data.timezone};
              the numbers are in the table below.
            </figcaption>
          </figure>
          <details>
            <summary>The numbers by day</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Received</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Segments</th>
                  <th scope="col">AI replies</th>
                  <th scope="col">Failed</th>
                </tr>
              </thead>
              <tbody>
                {usage.data.items.map((day) => (
                  <tr key={day.date}>
                    <th scope="row">{day.date}</th>
                    <td>{day.inbound}</td>
                    <td>{day.outbound}</td>
                    <td>{day.segments}</td>
                    <td>{day.aiReplies}</td>
                    <td>{day.failedSends}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
