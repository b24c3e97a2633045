import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { statusOf } from './api/errors';
import { signOutOnUnauthorized } from './api/session';
import { router } from './routes';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change on a retry; a network blip or a 503 may.
      retry: (failures, error) => failures < 2 && !((statusOf(error) ?? 500) < 500),
      staleTime: 5_000,
    },
  },
});
signOutOnUnauthorized(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
