import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { BusinessRoutes } from '@app/database';
import { BusinessTwilio } from '@app/messaging';
import { TwilioGateway } from '@app/twilio';
import { MetricsService } from '../metrics/metrics.service';
import type { TwilioHealthResponse } from './twilio-health.response';

/** A monitor polling every few seconds must not become a request to Twilio every few seconds. */
export const TWILIO_HEALTH_CACHE_MS = 60_000;
/** A health check answers quickly or says Twilio did not (the sends' own timeout is longer). */
export const TWILIO_HEALTH_TIMEOUT_MS = 3_000;

type Check = Omit<TwilioHealthResponse, 'business' | 'cached'>;

/**
 * Whether a business's Twilio account works: its credentials (the subaccount's, else the
 * platform's) fetch the account's own record, and the account is `active` (not suspended or
 * closed). One answer per account is kept for TWILIO_HEALTH_CACHE_MS, and concurrent checks of an
 * account share one request. Each check's result goes to the metrics.
 */
@Injectable()
export class TwilioHealthService {
  private readonly checks = new Map<string, { at: number; result: Promise<Check> }>();

  constructor(
    private readonly config: AppConfig,
    private readonly routes: BusinessRoutes,
    private readonly accounts: BusinessTwilio,
    private readonly gateway: TwilioGateway,
    private readonly metrics: MetricsService,
  ) {}

  async check(businessId: string): Promise<TwilioHealthResponse> {
    const slug = (await this.routes.byId(businessId))?.slug ?? '';
    let account;
    try {
      account = await this.accounts.account(businessId);
    } catch (error) {
      return this.record(slug, false, {
        ok: false,
        mode: this.config.twilio.mode,
        accountSid: null,
        status: null,
        error: (error as Error).message,
        checkedAt: new Date().toISOString(),
      });
    }
    const sid = account?.accountSid ?? this.config.twilio.accountSid;
    // By account and token: a business given a new token is checked anew, not answered for the old one.
    const token = account?.authToken ?? this.config.twilio.authToken;
    const key = `${sid}:${createHash('sha256').update(token).digest('base64url')}`;
    const known = this.checks.get(key);
    if (known && Date.now() - known.at < TWILIO_HEALTH_CACHE_MS)
      return { business: slug, cached: true, ...(await known.result) };
    const result = this.fetch(sid, () => this.gateway.fetchAccount(account));
    this.checks.set(key, { at: Date.now(), result });
    const check = await result;
    return this.record(slug, check.ok, check);
  }

  private async fetch(sid: string, fetchAccount: () => Promise<{ status: string }>): Promise<Check> {
    const base = { mode: this.config.twilio.mode, accountSid: sid, checkedAt: new Date().toISOString() };
    let timer: NodeJS.Timeout | undefined;
    try {
      const found = await Promise.race([
        fetchAccount(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new TimeoutError()), TWILIO_HEALTH_TIMEOUT_MS);
        }),
      ]);
      const ok = found.status === 'active';
      return { ...base, ok, status: found.status, error: ok ? null : `the account is ${found.status}` };
    } catch (error) {
      return { ...base, ok: false, status: null, error: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private record(slug: string, up: boolean, check: Check): TwilioHealthResponse {
    this.metrics.recordTwilioAccount(slug, up, new Date(check.checkedAt));
    return { business: slug, cached: false, ...check };
  }
}

class TimeoutError extends Error {}

/** Twilio's refusal in its words (the SDK's RestException: status and code), never the credentials. */
function describe(error: unknown): string {
  if (error instanceof TimeoutError) return `Twilio did not answer within ${TWILIO_HEALTH_TIMEOUT_MS / 1000} s`;
  const e = error as { status?: number; code?: number; message?: string };
  if (e.status === 401) return `Twilio refused the credentials (${e.code ?? 20003})`;
  if (e.status) return `Twilio answered ${e.status}${e.code ? ` (${e.code})` : ''}: ${e.message ?? ''}`.trim();
  return `Twilio unreachable: ${e.message ?? 'request failed'}`;
}
