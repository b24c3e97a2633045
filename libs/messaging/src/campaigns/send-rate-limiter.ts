import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnection } from '@app/queue';

/**
 * GCRA in Redis: the key holds the next free send time for a sender. Reserving
 * takes that slot and moves it one interval on, atomically, so every worker
 * process shares one sends-per-second budget per sender.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(tat + interval - now + 60000))
return tat`;

const BACK_OFF = `
local resume = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < resume then redis.call('SET', KEYS[1], resume, 'PX', math.ceil(resume - tonumber(ARGV[2]) + 60000)) end
return 1`;

@Injectable()
export class SendRateLimiter {
  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
  ) {}

  get enabled(): boolean {
    return this.config.campaigns.sendRatePerSecond > 0;
  }

  private key(sender: string): string {
    return `${this.config.queue.prefix}:rate:${sender}`;
  }

  /** Reserves the sender's next send slot; returns when it is (epoch ms, now or later). */
  async reserve(sender: string): Promise<number> {
    if (!this.enabled) return Date.now();
    const interval = 1000 / this.config.campaigns.sendRatePerSecond;
    return Number(await this.redis.client.eval(RESERVE, 1, this.key(sender), Date.now(), interval));
  }

  /** Twilio said 429: nobody sends from this sender before `ms` from now. */
  async backOff(sender: string, ms: number): Promise<void> {
    const now = Date.now();
    await this.redis.client.eval(BACK_OFF, 1, this.key(sender), now + ms, now);
  }
}
