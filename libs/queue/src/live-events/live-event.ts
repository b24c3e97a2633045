/**
 * What the dashboard is told live (GET /api/events), one catalogue like the job table: each event's
 * name and the shape of its data. Events carry ids and the few fields a screen needs to decide
 * what to refresh; the rows themselves are read through the admin API, which scopes them.
 */
export interface LiveEventMap {
  /** A message was stored: an inbound text (or call or chat turn), or an outbound one created to be sent. */
  message: {
    id: string;
    /** The customer's side of the conversation (the thread's key, `participant` in the API). */
    phone: string;
    direction: 'inbound' | 'outbound';
    status: string;
    channel: string;
    createdAt: string;
  };
  /** A message's status moved (Twilio accepted, refused, delivered it; a send was suppressed…). */
  status: {
    id: string;
    phone: string;
    direction: 'inbound' | 'outbound';
    channel: string;
    status: string;
    errorCode: number | null;
  };
  /** A campaign or Multi-SMS batch changed state, or its recipients moved on (at most about once a second each). */
  campaign: {
    id: string;
    kind: string;
    status: string;
    /** Recipients by status, as GET /api/campaigns/:id counts them. */
    counters: Record<string, number>;
  };
  /** An appointment was booked, changed (moved, confirmed, edited) or cancelled, through any channel. */
  appointment: {
    id: string;
    change: 'created' | 'changed' | 'cancelled';
    status: string;
    startsAt: string;
    endsAt: string;
    phone: string;
    isEmergency: boolean;
  };
}

export type LiveEventType = keyof LiveEventMap;

export const LIVE_EVENT_TYPES: readonly LiveEventType[] = ['message', 'status', 'campaign', 'appointment'];

/** An event as it travels: its stream id (the SSE `id:`), its name and its data as the JSON text it was published as. */
export interface RawLiveEvent {
  id: string;
  type: string;
  data: string;
}

/** Events kept per business for a reconnecting client (Last-Event-ID); Redis trims to about this many. */
export const REPLAY_EVENTS = 1_000;

/** A business's buffer is dropped this long after its last event: a replay is for a reconnect, not for history. */
export const REPLAY_TTL_MS = 60 * 60_000;

/**
 * The Redis Stream holding a business's recent events, and the pub/sub channel announcing new
 * ones (channels are not keys, so one name serves both). The key prefix keeps deployments (and
 * test suites) sharing a Redis apart, since pub/sub ignores the database number.
 */
export function liveEventsKey(prefix: string, businessId: string): string {
  return `${prefix}:events:${businessId}`;
}
