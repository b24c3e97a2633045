import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client';
import { ApiError } from './errors';
import type { components } from './schema';

type SessionResponse = components['schemas']['SessionResponse'];

/** Who is signed in: the session, or null when signed out. Set by sign-in and sign-out, cleared by any 401. */
export const SESSION_KEY = ['session'] as const;

/** GET /api/session: a 401 is an answer here (signed out), not an error. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<SessionResponse | null> => {
      const { data, error, response } = await api.GET('/api/session');
      if (response.status === 401) return null;
      if (error !== undefined || !data) throw new ApiError(response, error);
      return data;
    },
    staleTime: Infinity,
  });
}

/** POST /api/session with the key typed in; the key lives only in the form and this request. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (apiKey: string) => {
      const { data, error, response } = await api.POST('/api/session', { body: { apiKey } });
      if (error !== undefined || !data) throw new ApiError(response, error);
      return data;
    },
    onSuccess: (session) => queryClient.setQueryData(SESSION_KEY, session),
  });
}

/** POST /api/session/logout, then forget everything read while signed in. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.POST('/api/session/logout');
    },
    onSettled: () => signedOut(queryClient),
  });
}

/** Drops every cached answer (another business's data must not show after the next sign-in). */
export function signedOut(queryClient: QueryClient): void {
  queryClient.clear();
  queryClient.setQueryData(SESSION_KEY, null);
}

/**
 * Any 401 from the API (the session expired, or was ended elsewhere) signs this tab out, and the
 * router then shows the sign-in screen. Registered once, on the one client.
 */
export function signOutOnUnauthorized(queryClient: QueryClient): void {
  api.use({
    onResponse({ request, response }) {
      if (response.status === 401 && new URL(request.url).pathname !== '/api/session') signedOut(queryClient);
      return undefined;
    },
  });
}
