import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnection } from '@app/queue';

/** What any API instance needs to take a call's next turn. */
export interface VoiceCallSession {
  businessId: string;
  /** The caller (E.164, or "anonymous"). */
  from: string;
  /** The business number called. */
  to: string;
  /** When the call began (ISO): a booking since then is this call's. */
  startedAt: string;
}

/** A call ends long before this; a session left behind expires on its own. */
const SESSION_TTL_SECONDS = 3_600;

/**
 * Call sessions in Redis, keyed by CallSid with a TTL: any API instance can take any turn of any
 * call, and none keeps a call in its memory. A hash per call, its counters moved atomically.
 */
@Injectable()
export class VoiceCallSessions {
  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
  ) {}

  /** Under the deployment's prefix, like its other keys; one hash slot per call. */
  private key(callSid: string): string {
    return `${this.config.queue.prefix}:voice-call:{${callSid}}`;
  }

  async open(callSid: string, session: VoiceCallSession): Promise<void> {
    await this.redis.client
      .multi()
      .hset(this.key(callSid), { ...session })
      .expire(this.key(callSid), SESSION_TTL_SECONDS)
      .exec();
  }

  async get(callSid: string): Promise<VoiceCallSession | null> {
    const found = await this.redis.client.hgetall(this.key(callSid));
    if (!found.businessId || !found.to) return null;
    return { businessId: found.businessId, from: found.from ?? '', to: found.to, startedAt: found.startedAt ?? '' };
  }

  /** The number of the caller's next turn (1, 2, …), part of its message's key. */
  nextTurn(callSid: string): Promise<number> {
    return this.redis.client.hincrby(this.key(callSid), 'turns', 1);
  }

  /** How many times the caller has now not been heard. */
  notHeard(callSid: string): Promise<number> {
    return this.redis.client.hincrby(this.key(callSid), 'unheard', 1);
  }
}
