import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CampaignsRepository } from '@app/database';
import { JobQueue, QueueName, SharedCounters } from '@app/queue';
import type { WidgetScopedRequest } from '../widget/widget-business.decorator';
import { EventsService } from '../events/events.service';
import { SlidingMax } from './sliding-max';
import { isWebhookPath } from '../webhooks/webhook-paths';

/**
 * Set by a webhook whose 200 means more than "accepted": Twilio retried a message we
 * already had (duplicate), or a callback named a status we do not know (ignored).
 */
export const WEBHOOK_RESULT = Symbol('webhookResult');
export type WebhookResult = 'duplicate' | 'ignored';
/** The slug of the business a webhook was for, set once it was found (empty for a refused one). */
export const WEBHOOK_BUSINESS = Symbol('webhookBusiness');
/** The routes a caller waits on between speaking and hearing the answer. */
const VOICE_TURN_ROUTES = new Set(['/twilio/voice/turn', '/twilio/voice/answer']);

const WEBHOOK_OUTCOME: Record<number, string> = {
  200: 'accepted',
  400: 'invalid',
  403: 'bad_signature',
  413: 'invalid',
  415: 'invalid',
  503: 'unavailable',
};

/**
 * Prometheus metrics. The API's own are measured here; the workers' (jobs, Twilio
 * results, AI calls) come from shared counters in Redis, and queue depth and
 * campaign recipients are read at scrape time. One registry per app instance.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  private readonly http = new Histogram({
    name: 'switchboard_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  /** How long a caller waits for the app's answer to a turn, the model's time included (Twilio gives up at 15 s). */
  private readonly voiceTurns = new Histogram({
    name: 'switchboard_voice_turn_duration_seconds',
    help: "Time to answer a caller's turn (the turn route, and the answer route a slow answer redirects to), by route and business (slug)",
    labelNames: ['route', 'business'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly webhooks = new Counter({
    name: 'switchboard_webhooks_total',
    help: 'Twilio webhooks by route, outcome (accepted, duplicate, ignored, bad_signature, invalid, unavailable, error) and business (slug; empty when refused)',
    labelNames: ['route', 'outcome', 'business'],
    registers: [this.registry],
  });

  private readonly slowest = new SlidingMax(60);
  /** Requests of the customer-facing surfaces by business: what one business's traffic and failures are. */
  private readonly businessRequests = new Counter({
    name: 'switchboard_business_requests_total',
    help: 'Requests of the SMS and WhatsApp webhooks (surface sms), the voice webhooks (voice) and the web chat API (widget), by business (slug; empty when none was found, e.g. a refused signature)',
    labelNames: ['surface', 'business'],
    registers: [this.registry],
  });
  private readonly businessErrors = new Counter({
    name: 'switchboard_business_errors_total',
    help: 'Requests of those surfaces answered with a 5xx, by surface and business (slug)',
    labelNames: ['surface', 'business'],
    registers: [this.registry],
  });
  /** The last Twilio account check per business (GET /api/health/twilio): 1 working and active, 0 not. */
  private readonly twilioAccount = new Gauge({
    name: 'switchboard_twilio_account_up',
    help: "The last check of a business's Twilio account (GET /api/health/twilio): 1 when its credentials work and it is active, else 0; by business (slug)",
    labelNames: ['business'],
    registers: [this.registry],
  });
  private readonly twilioAccountCheckedAt = new Gauge({
    name: 'switchboard_twilio_account_checked_timestamp_seconds',
    help: "When a business's Twilio account was last checked (GET /api/health/twilio), by business (slug)",
    labelNames: ['business'],
    registers: [this.registry],
  });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    jobs: JobQueue,
    private readonly counters: SharedCounters,
    campaigns: CampaignsRepository,
    events: EventsService,
  ) {
    const slowest = this.slowest;
    new Gauge({
      name: 'switchboard_event_streams',
      help: "The dashboard's live event streams (GET /api/events) open on this API instance",
      registers: [this.registry],
      collect: function (this: Gauge) {
        this.set(events.openStreams());
      },
    });
    new Gauge({
      name: 'switchboard_http_request_max_duration_seconds',
      help: 'The slowest request of the last 60 seconds, by method and route (routes with none in that time are absent)',
      labelNames: ['method', 'route'],
      registers: [this.registry],
      collect: function (this: Gauge) {
        this.reset();
        for (const [key, seconds] of slowest.read()) {
          const [method, route] = key.split(' ', 2);
          this.set({ method, route }, seconds);
        }
      },
    });
    new Gauge({
      name: 'switchboard_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      collect: async function (this: Gauge) {
        this.reset();
        for (const queue of Object.values(QueueName)) {
          const counts = await jobs.queue(queue).getJobCounts('waiting', 'active', 'delayed', 'failed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
        }
      },
    });
    new Gauge({
      name: 'switchboard_campaign_recipients',
      help: 'Recipients of unfinished campaigns by status',
      labelNames: ['status'],
      registers: [this.registry],
      collect: async function (this: Gauge) {
        this.reset();
        for (const row of await campaigns.unfinishedRecipientTotals()) this.set({ status: row.status }, row.n);
      },
    });
    this.shared(
      'switchboard_jobs_total',
      'Jobs run by workers, by queue, job and outcome (done, skipped, parked, failed)',
      'jobs_total',
      ['queue', 'job', 'outcome'],
    );
    this.shared('switchboard_job_seconds_sum', 'Total job run time by queue and job', 'job_seconds_sum', [
      'queue',
      'job',
    ]);
    this.shared(
      'switchboard_twilio_sends_total',
      'Twilio send results by outcome, error code and business (slug)',
      'twilio_sends_total',
      ['outcome', 'code', 'business'],
    );
    this.shared('switchboard_ai_calls_total', 'Model calls by outcome and business (slug)', 'ai_calls_total', [
      'outcome',
      'business',
    ]);
    this.shared(
      'switchboard_ai_tool_calls_total',
      'Booking tool calls the model made, by tool and business (slug)',
      'ai_tool_calls_total',
      ['tool', 'business'],
    );
    this.shared(
      'switchboard_ai_failures_total',
      'AI answers replaced by the fallback text, by backend, reason (timeout, unauthorized, …) and business (slug)',
      'ai_failures_total',
      ['backend', 'reason', 'business'],
    );
    this.shared(
      'switchboard_voice_calls_total',
      'Calls to business numbers, by result (answered, rejected: an unknown number or a suspended business) and business (slug)',
      'voice_calls_total',
      ['result', 'business'],
    );
    this.shared(
      'switchboard_voice_turns_total',
      'Things callers said that went to the assistant, by business (slug)',
      'voice_turns_total',
      ['speaker', 'business'],
    );
    this.shared(
      'switchboard_widget_messages_total',
      'Messages visitors sent through the web chat widget, by business (slug)',
      'widget_messages_total',
      ['business'],
    );
    this.shared(
      'switchboard_ai_sessions_total',
      'AskYourDatabase chats started, by reason (new, expired, unauthorized) and business (slug)',
      'ai_sessions_total',
      ['reason', 'business'],
    );
    this.shared(
      'switchboard_ai_call_seconds_sum',
      'Total model call time by outcome and business (slug)',
      'ai_call_seconds_sum',
      ['outcome', 'business'],
    );
  }

  /** What the last check of a business's Twilio account found (TwilioHealthService). */
  recordTwilioAccount(business: string, up: boolean, checkedAt: Date): void {
    this.twilioAccount.set({ business }, up ? 1 : 0);
    this.twilioAccountCheckedAt.set({ business }, checkedAt.getTime() / 1000);
  }

  /** A counter whose value lives in Redis (added to by every worker process). */
  private shared(name: string, help: string, metric: string, labelNames: string[]): void {
    const counters = this.counters;
    new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect: async function (this: Counter) {
        this.reset();
        for (const { labels, value } of await counters.read(metric)) {
          this.inc(Object.fromEntries(labelNames.map((label, i) => [label, labels[i] ?? ''])), value);
        }
      },
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    type WebhookRequest = FastifyRequest & { [WEBHOOK_RESULT]?: WebhookResult; [WEBHOOK_BUSINESS]?: string };
    fastify.addHook('onResponse', async (request: WebhookRequest, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const seconds = reply.elapsedTime / 1000;
      this.http.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
      this.slowest.observe(`${request.method} ${route}`, seconds);
      const surface = surfaceOfRoute(route);
      if (surface) {
        const business =
          (surface === 'widget' ? (request as WidgetScopedRequest).widgetBusiness?.slug : request[WEBHOOK_BUSINESS]) ??
          '';
        this.businessRequests.inc({ surface, business });
        if (reply.statusCode >= 500) this.businessErrors.inc({ surface, business });
      }
      if (isWebhookPath(route)) {
        const outcome = request[WEBHOOK_RESULT] ?? WEBHOOK_OUTCOME[reply.statusCode] ?? 'error';
        this.webhooks.inc({ route, outcome, business: request[WEBHOOK_BUSINESS] ?? '' });
        const business = request[WEBHOOK_BUSINESS];
        if (business && VOICE_TURN_ROUTES.has(route))
          this.voiceTurns.observe({ route, business }, reply.elapsedTime / 1000);
      }
    });
  }
}

/** Which customer-facing surface a route is: a text's webhooks, a call's, or the web chat's API. */
function surfaceOfRoute(route: string): 'sms' | 'voice' | 'widget' | null {
  if (route.startsWith('/twilio/voice')) return 'voice';
  if (isWebhookPath(route)) return 'sms';
  if (route.startsWith('/api/widget/')) return 'widget';
  return null;
}
