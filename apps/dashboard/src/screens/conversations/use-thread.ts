import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';

const PAGE_SIZE = 50;

/**
 * The thread with one participant, newest page first (GET /api/conversations/{participant}, paged
 * back in time by `nextCursor`). Keyed like openapi-react-query's queries, so a live update that
 * makes `['get', '/api/conversations/{participant}']` stale refetches it too.
 */
export function useThread(participant: string) {
  return useInfiniteQuery({
    queryKey: ['get', '/api/conversations/{participant}', { participant }],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error, response } = await api.GET('/api/conversations/{participant}', {
        params: { path: { participant }, query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        signal,
      });
      if (error !== undefined) throw new ApiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
