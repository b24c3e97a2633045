import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { $api } from '../../api/client';
import { ScreenHeading } from '../../ui/screen-heading';
import { Empty, LoadError, Loading } from '../../ui/states';
import { ConversationList } from './conversation-list';

const PAGE_SIZE = 50;
/** Typing pauses this long before the list is asked again. */
const SEARCH_DELAY_MS = 300;

/**
 * The conversation list, paged and searched on the server (GET /api/conversations), so it stays
 * fast with any number of conversations: pages load as the list scrolls, and only the rows in view
 * are rendered (ConversationList). The search lives in the URL (?q=): a reload, the back button and
 * a shared link keep it.
 */
export function ConversationsScreen() {
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
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

  // Pages of PAGE_SIZE by offset, one more row asked than shown: whether there is a next page,
  // without a count query over every conversation. Live updates refetch the pages loaded so far.
  const list = $api.useInfiniteQuery(
    'get',
    '/api/conversations',
    { params: { query: { limit: PAGE_SIZE + 1, ...(search ? { search } : {}) } } },
    {
      pageParamName: 'offset',
      initialPageParam: 0,
      getNextPageParam: (last, _pages, offset) =>
        last.items.length > PAGE_SIZE ? Number(offset) + PAGE_SIZE : undefined,
      placeholderData: (previous) => previous,
    },
  );
  const rows = list.data?.pages.flatMap((page) => page.items.slice(0, PAGE_SIZE)) ?? [];
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

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
        <ConversationList rows={rows} complete={!hasNextPage} busy={isFetchingNextPage} loadMore={loadMore} />
      )}
    </>
  );
}
