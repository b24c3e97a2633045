import type { NumberMessagingWebhooks } from '@app/twilio';

export type WebhookSetting = keyof NumberMessagingWebhooks;

/** One setting of a number, before and after (null: unset). */
export interface SettingChange {
  setting: WebhookSetting;
  from: string | null;
  to: string | null;
}

/** How each setting reads in the command's output: the console's words, then the API's name. */
export const SETTING_LABELS: Record<WebhookSetting, string> = {
  smsUrl: 'A message comes in (SmsUrl)',
  smsMethod: 'its method (SmsMethod)',
  smsFallbackUrl: 'Primary handler fails (SmsFallbackUrl)',
  smsFallbackMethod: 'its method (SmsFallbackMethod)',
  smsApplicationSid: 'TwiML app, wins over SmsUrl (SmsApplicationSid)',
};

export interface ConnectTarget {
  /** PUBLIC_BASE_URL, without a trailing slash: the URL Twilio signs must be exactly it + the path. */
  baseUrl: string;
  /** Where Twilio goes when this app fails or does not answer; undefined leaves it as it is. */
  fallbackUrl?: string;
}

/** The changes that point a number's messages at this app: only the settings that differ. */
export function connectPlan(current: NumberMessagingWebhooks, target: ConnectTarget): SettingChange[] {
  const wanted: Partial<NumberMessagingWebhooks> = {
    smsUrl: `${target.baseUrl}/twilio/inbound`,
    smsMethod: 'POST',
    ...(target.fallbackUrl !== undefined
      ? { smsFallbackUrl: target.fallbackUrl || null, smsFallbackMethod: target.fallbackUrl ? 'POST' : null }
      : {}),
    // A TwiML app on the number would win over the URL: it goes.
    smsApplicationSid: null,
  };
  return differences(current, wanted);
}

/** The changes that put back what a connect changed, from what the number has now. */
export function undoPlan(current: NumberMessagingWebhooks, connected: SettingChange[]): SettingChange[] {
  return differences(current, Object.fromEntries(connected.map((change) => [change.setting, change.from])));
}

/** Settings someone changed after the connect (the undo overwrites them): named, so the command can say so. */
export function changedSince(current: NumberMessagingWebhooks, connected: SettingChange[]): SettingChange[] {
  return connected.filter((change) => !same(change.setting, current[change.setting], change.to));
}

/** Twilio's update parameters for these changes: '' clears a setting. */
export function updateParams(changes: SettingChange[]): Partial<Record<WebhookSetting, string>> {
  return Object.fromEntries(changes.map((change) => [change.setting, change.to ?? '']));
}

/**
 * What a second connect adds to the first one's record: the value before the *first* change
 * stays the one an undo restores (the app's own URL is never what an undo goes back to).
 */
export function mergeRecords(earlier: SettingChange[], later: SettingChange[]): SettingChange[] {
  const merged = new Map(earlier.map((change) => [change.setting, change]));
  for (const change of later) {
    const first = merged.get(change.setting);
    merged.set(change.setting, { setting: change.setting, from: first ? first.from : change.from, to: change.to });
  }
  return [...merged.values()];
}

function differences(current: NumberMessagingWebhooks, wanted: Partial<NumberMessagingWebhooks>): SettingChange[] {
  return (Object.entries(wanted) as Array<[WebhookSetting, string | null]>)
    .filter(([setting, to]) => !same(setting, current[setting], to))
    .map(([setting, to]) => ({ setting, from: current[setting], to }));
}

const METHODS = new Set<WebhookSetting>(['smsMethod', 'smsFallbackMethod']);

/** Twilio writes an unset setting as '' or null, and a method in either case. */
function same(setting: WebhookSetting, a: string | null, b: string | null): boolean {
  const [x, y] = [a ?? '', b ?? ''];
  return METHODS.has(setting) ? x.toUpperCase() === y.toUpperCase() : x === y;
}
