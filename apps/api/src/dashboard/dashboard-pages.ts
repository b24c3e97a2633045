/**
 * The dashboard's own addresses (apps/dashboard/src/routes.tsx): each answers the dashboard's
 * index.html, so a reload or a shared link of a screen opens that screen. An explicit list rather
 * than "every unknown path": a mistyped /api or /twilio address stays a JSON 404.
 */
export const DASHBOARD_PAGES = [
  '/',
  '/sign-in',
  '/conversations',
  '/conversations/:participant',
  '/campaigns',
  '/campaigns/:id',
  '/multi-sms',
  '/reminders',
  '/appointments',
  '/contacts',
  '/contacts/:phone',
  '/settings',
  '/health',
  '/businesses',
  '/businesses/:id',
] as const;

/** Where Vite puts the hashed JavaScript and CSS (apps/dashboard/vite.config.mjs). */
export const DASHBOARD_ASSETS_PREFIX = '/assets/';
