import { Link, useSearchParams } from 'react-router';
import { $api } from '../../api/client';
import { ScreenHeading } from '../../ui/screen-heading';
import { Empty, LoadError, Loading } from '../../ui/states';
import { Time } from '../../ui/time-zone';
import { OptedOutBadge } from '../conversations/badges';
import { contactPath } from './contact-path';

const PAGE_SIZE = 25;
const FILTERS = { all: 'Everyone', subscribed: 'Subscribed', 'opted-out': 'Opted out' } as const;
type Filter = keyof typeof FILTERS;

/**
 * /contacts: everyone who texted in or was set up, newest first, paged on the server
 * (GET /api/contacts). The page and filter live in the URL (?page=&show=).
 */
export function ContactsScreen() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const show: Filter = (params.get('show') as Filter | null) ?? 'all';
  const filter = show in FILTERS ? show : 'all';

  // One more than a page: whether there is a next page, without counting every contact.
  const query = {
    limit: PAGE_SIZE + 1,
    offset: (page - 1) * PAGE_SIZE,
    ...(filter === 'all' ? {} : { optedOut: filter === 'opted-out' ? ('true' as const) : ('false' as const) }),
  };
  const list = $api.useQuery(
    'get',
    '/api/contacts',
    { params: { query } },
    { placeholderData: (previous) => previous },
  );
  const rows = list.data?.items.slice(0, PAGE_SIZE) ?? [];
  const hasNext = (list.data?.items.length ?? 0) > PAGE_SIZE;
  const goTo = (next: number, nextFilter: Filter = filter) =>
    setParams({
      ...(nextFilter === 'all' ? {} : { show: nextFilter }),
      ...(next > 1 ? { page: String(next) } : {}),
    });

  return (
    <>
      <ScreenHeading title="Contacts" />
      <div className="field field-narrow">
        <label htmlFor="contacts-filter">Show</label>
        <select id="contacts-filter" value={filter} onChange={(event) => goTo(1, event.target.value as Filter)}>
          {Object.entries(FILTERS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </div>

      {list.isPending ? (
        <Loading what="contacts" />
      ) : list.isError ? (
        <LoadError what="contacts" error={list.error} retry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={filter === 'all' ? 'No contacts yet.' : `No contacts to show as “${FILTERS[filter]}”.`}>
          <p>Everyone who texts your number, or is texted, becomes a contact.</p>
        </Empty>
      ) : (
        <>
          <table className="contacts" aria-busy={list.isFetching}>
            <caption className="visually-hidden">Contacts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Subscription</th>
                <th scope="col">Time zone</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((contact) => (
                <tr key={contact.phone}>
                  <th scope="row">
                    <Link to={contactPath(contact.phone)}>{contact.name ?? contact.profileName ?? contact.phone}</Link>
                    {(contact.name ?? contact.profileName) ? <span className="muted"> {contact.phone}</span> : null}
                  </th>
                  <td>{contact.optedOut ? <OptedOutBadge /> : 'Subscribed'}</td>
                  <td>{contact.timezone ?? <span className="muted">Default</span>}</td>
                  <td>
                    <Time iso={contact.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={page === 1} onClick={() => goTo(page - 1)}>
              Newer
            </button>
            <span>Page {page}</span>
            <button type="button" disabled={!hasNext} onClick={() => goTo(page + 1)}>
              Older
            </button>
          </nav>
        </>
      )}
    </>
  );
}
