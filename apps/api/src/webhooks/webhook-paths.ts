/**
 * Where Twilio's webhooks are served. Ours live under `/twilio`; the products Switchboard
 * replaces told Twilio other addresses, so those are served too, by the same handlers, and a
 * number moved over keeps its console settings. Every rule about webhooks (body limit, early
 * refusals, no helmet headers, metrics, signature) asks here, so an alias is never half a webhook.
 */
export const WEBHOOK_PREFIX = '/twilio';

/** The originals' addresses: the receptionist's SMS webhooks and the WhatsApp bot's single one. */
export const WEBHOOK_ALIASES = {
  '/webhooks/sms/inbound': '/twilio/inbound',
  '/webhooks/sms/status': '/twilio/status',
  '/whatsapp': '/twilio/inbound',
} as const;

export type WebhookAlias = keyof typeof WEBHOOK_ALIASES;

const ALIASES: ReadonlyMap<string, string> = new Map(Object.entries(WEBHOOK_ALIASES));

/** Whether a path (a route template, or a path in canonical spelling) is one of Twilio's webhooks. */
export function isWebhookPath(path: string): boolean {
  return path === WEBHOOK_PREFIX || path.startsWith(`${WEBHOOK_PREFIX}/`) || ALIASES.has(path);
}

/** The route an alias stands for (`/whatsapp` → `/twilio/inbound`); our own routes are themselves. */
export function canonicalWebhookRoute(route: string): string {
  return ALIASES.get(route) ?? route;
}
