import { Link } from 'react-router';
import { $api } from '../../api/client';
import { ScreenHeading } from '../../ui/screen-heading';
import { LoadError, Loading } from '../../ui/states';
import { Time } from '../../ui/time-zone';
import { BusinessStatusBadge } from './business-status';
import { NewBusinessForm } from './new-business-form';

/** Every business this deployment serves, newest first (GET /api/businesses), and a new one. */
export default function BusinessesScreen() {
  const businesses = $api.useQuery('get', '/api/businesses', { params: { query: { limit: 100 } } });
  return (
    <>
      <ScreenHeading title="Businesses" />
      <section aria-labelledby="business-list">
        <h2 id="business-list">All businesses</h2>
        {businesses.isPending ? (
          <Loading what="the businesses" />
        ) : businesses.isError ? (
          <LoadError what="the businesses" error={businesses.error} retry={() => void businesses.refetch()} />
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Business</th>
                <th scope="col">Slug</th>
                <th scope="col">Status</th>
                <th scope="col">Numbers</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {businesses.data.items.map((business) => (
                <tr key={business.id}>
                  <th scope="row">
                    <Link to={`/businesses/${business.id}`}>{business.name}</Link>
                  </th>
                  <td>
                    <code>{business.slug}</code>
                  </td>
                  <td>
                    <BusinessStatusBadge status={business.status} />
                  </td>
                  <td>{business.numbers.map((n) => n.address).join(', ') || <span className="muted">none</span>}</td>
                  <td>
                    <Time iso={business.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <NewBusinessForm />
    </>
  );
}
