import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/**
 * What each server-sent event makes stale. Keys are prefixes of openapi-react-query's
 * `['get', path, init]`, so every page and search of a list is refetched (only the ones on screen
 * are fetched at once; the rest when next shown).
 */
const STALE_AFTER: Record<'message' | 'status' | 'campaign' | 'appointment', QueryKey[]> = {
  message: [
    ['get', '/api/conversations'],
    ['get', '/api/conversations/{participant}'],
    ['get', '/api/messages'],
  ],
  status: [
    ['get', '/api/conversations'],
    ['get', '/api/conversations/{participant}'],
    ['get', '/api/messages'],
  ],
  campaign: [
    ['get', '/api/campaigns'],
    ['get', '/api/campaigns/{id}'],
    ['get', '/api/campaigns/{id}/recipients'],
    ['get', '/api/campaigns/{id}/preview'],
    ['get', '/api/multi-sms/batches'],
  ],
  appointment: [
    ['get', '/api/appointments'],
    ['get', '/api/owner/schedule'],
    ['get', '/api/owner/summary'],
  ],
};

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';

/**
 * GET /api/events while signed in. The browser's EventSource reconnects by itself, sending
 * Last-Event-ID, so no event is lost across a dropped connection; it gives up only on an answer
 * that is not an event stream (a 401 after the session ended, a 404), which is `off`.
 */
export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const source = new EventSource('/api/events');
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
    for (const [type, keys] of Object.entries(STALE_AFTER)) {
      source.addEventListener(type, () => {
        for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
      });
    }
    return () => source.close();
  }, [queryClient]);
  return state;
}
