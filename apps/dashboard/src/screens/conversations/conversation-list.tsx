import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { components } from '../../api/schema';
import { ConversationRow } from './conversation-row';

type Conversation = components['schemas']['ConversationSummary'];

/** A row's height before it is measured (two lines of text and padding); measured rows use their own. */
const ESTIMATED_ROW_PX = 64;
/** Rows kept rendered above and below the window: smooth scrolling without rendering thousands. */
const OVERSCAN_ROWS = 8;
/** How close to the last loaded row the next page is asked for. */
const PREFETCH_ROWS = 15;

/**
 * The conversations loaded so far, virtualized: only the rows near the window are in the page,
 * however many are loaded (test/dashboard-scale.e2e-spec.ts: at most 60, 400 loaded). The page scrolls, not
 * the list, so keyboard and screen-reader users move through it as through any page; each row says
 * its place (aria-posinset) and, once the end is reached, the total (aria-setsize).
 */
export function ConversationList({
  rows,
  complete,
  busy,
  loadMore,
}: {
  rows: Conversation[];
  complete: boolean;
  busy: boolean;
  loadMore: () => void;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => setScrollMargin(listRef.current?.offsetTop ?? 0), []);

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: OVERSCAN_ROWS,
    scrollMargin,
    getItemKey: (index) => rows[index].participant,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (!complete && !busy && lastShown >= rows.length - PREFETCH_ROWS) loadMore();
  }, [complete, busy, lastShown, rows.length, loadMore]);

  return (
    <>
      <ul
        ref={listRef}
        className="conversations"
        aria-label="Conversations, most recent first"
        aria-busy={busy}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {items.map((item) => (
          <ConversationRow
            key={item.key}
            conversation={rows[item.index]}
            ref={virtualizer.measureElement}
            index={item.index}
            setSize={complete ? rows.length : -1}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              right: 0,
              transform: `translateY(${item.start - scrollMargin}px)`,
            }}
          />
        ))}
      </ul>
      <p className="list-end muted" aria-live="polite">
        {complete ? (
          `${rows.length} conversation${rows.length === 1 ? '' : 's'}, all shown.`
        ) : (
          <button type="button" disabled={busy} onClick={loadMore}>
            {busy ? 'Loading more…' : 'Load more conversations'}
          </button>
        )}
      </p>
    </>
  );
}
