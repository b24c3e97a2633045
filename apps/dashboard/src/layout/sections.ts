/**
 * The navigation, in order. Each path is also in the API's list of dashboard pages
 * (apps/api/src/dashboard/dashboard-pages.ts), which answers index.html for it on a reload.
 */
export type SectionPath =
  | '/conversations'
  | '/campaigns'
  | '/multi-sms'
  | '/reminders'
  | '/appointments'
  | '/contacts'
  | '/settings'
  | '/health'
  | '/businesses';

export interface Section {
  path: SectionPath;
  label: string;
  /** Only the platform key manages businesses. */
  platformOnly?: boolean;
}

export const SECTIONS: readonly Section[] = [
  { path: '/conversations', label: 'Conversations' },
  { path: '/campaigns', label: 'Campaigns' },
  { path: '/multi-sms', label: 'Multi-SMS' },
  { path: '/reminders', label: 'Reminders' },
  { path: '/appointments', label: 'Appointments' },
  { path: '/contacts', label: 'Contacts' },
  { path: '/settings', label: 'Settings' },
  { path: '/health', label: 'Health' },
  { path: '/businesses', label: 'Businesses', platformOnly: true },
];
