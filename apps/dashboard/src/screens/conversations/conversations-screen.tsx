import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { $api } from '../../api/client';
import { ScreenHeading } from '../../ui/screen-heading';
import { Empty, LoadError, Loading } from '../../ui/states';
import { ConversationRow } from './conversation-row';

const PAGE_SIZE = 25;
/** Typing pauses this long before the list is asked again. */
const SEARCH_DELAY_MS = 300;

/**
 * The conversation list, paged and searched on the server (GET /api/conversations), so it stays
 * fast with any number of conversations. The search and page live in the URL (?q=&page=): a
 * reload, the back button and a shared link keep them.
 */
export function ConversationsScreen() {
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [typed, setTyped] = useState(search);
  // The URL's search changed by itself (the Conversations link, back, forward): the box follows it.
  const [shownSearch, setShownSearch] = useState(search);
  if (search !== shownSearch) {
    setShownSearch(search);
    if (typed.trim() !== search) setTyped(search);
  }

  useEffect(() => {
    if (typed.trim() === search) return;
    const timer = setTimeout(
      () => setParams(typed.trim() ? { q: typed.trim() } : {}, { replace: true }),
      SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [typed, search, setParams]);

  // One more than a page: whether there is a next page, without a count query over every conversation.
  const query = { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE, ...(search ? { search } : {}) };
  const list = $api.useQuery(
    'get',
    '/api/conversations',
    { params: { query } },
    { placeholderData: (previous) => previous },
  );
  const rows = list.data?.items.slice(0, PAGE_SIZE) ?? [];
  const hasNext = (list.data?.items.length ?? 0) > PAGE_SIZE;
  const goTo = (next: number) =>
    setParams({ ...(search ? { q: search } : {}), ...(next > 1 ? { page: String(next) } : {}) });

  return (
    <>
      <ScreenHeading title="Conversations" />
      <form role="search" className="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="conversation-search">Search by number or name</label>
        <input
          id="conversation-search"
          type="search"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          placeholder="+1 555 012 3456, or Ann"
        />
      </form>

      {list.isPending ? (
        <Loading what="conversations" />
      ) : list.isError ? (
        <LoadError what="conversations" error={list.error} retry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        search ? (
          <Empty title={`No conversation matches “${search}”.`}>
            <p>Check the number or name, or clear the search to see every conversation.</p>
          </Empty>
        ) : (
          <Empty title="No conversations yet.">
            <p>
              When someone texts your number, their conversation appears here. To text someone first, send a message
              through the API (<a href="/docs">API documentation</a>, POST /api/messages).
            </p>
          </Empty>
        )
      ) : (
        <>
          <ul className="conversations" aria-label="Conversations, most recent first" aria-busy={list.isFetching}>
            {rows.map((row) => (
              <ConversationRow key={row.participant} conversation={row} />
            ))}
          </ul>
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
