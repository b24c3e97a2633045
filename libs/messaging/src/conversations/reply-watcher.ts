import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConversationTurnsRepository, type Message } from '@app/database';

/** How often the answers are looked for while someone waits. */
const POLL_MS = 20;

interface Waiter {
  resolve: (parts: Message[] | null) => void;
  deadline: number;
}

/**
 * Waits for the worker to store the answers to inbound turns. However many callers and chat
 * visitors wait at once, one query is in flight per process (every POLL_MS, for all of them):
 * a hundred waits must not become a hundred queries every 20 ms on the webhooks' small pool.
 */
@Injectable()
export class ReplyWatcher implements OnApplicationShutdown {
  private readonly waiting = new Map<string, Waiter[]>();
  private running = false;

  constructor(private readonly turns: ConversationTurnsRepository) {}

  /** The reply's parts once stored, or null after `timeoutMs`. */
  replyTo(inboundId: string, timeoutMs: number): Promise<Message[] | null> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(inboundId) ?? [];
      waiters.push({ resolve, deadline: Date.now() + timeoutMs });
      this.waiting.set(inboundId, waiters);
      if (!this.running) void this.run();
    });
  }

  onApplicationShutdown(): void {
    for (const waiters of this.waiting.values()) for (const w of waiters) w.resolve(null);
    this.waiting.clear();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.size) {
        await this.poll().catch(() => undefined); // a failed read is tried again on the next round
        this.expire();
        if (this.waiting.size) await sleep(POLL_MS);
      }
    } finally {
      this.running = false;
    }
  }

  private async poll(): Promise<void> {
    const parts = await this.turns.repliesTo([...this.waiting.keys()]);
    const byInbound = new Map<string, Message[]>();
    for (const part of parts) {
      const id = part.replyToId!;
      byInbound.set(id, [...(byInbound.get(id) ?? []), part]);
    }
    for (const [id, reply] of byInbound) {
      for (const waiter of this.waiting.get(id) ?? []) waiter.resolve(reply);
      this.waiting.delete(id);
    }
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, waiters] of this.waiting) {
      const left = waiters.filter((w) => (w.deadline > now + POLL_MS ? true : (w.resolve(null), false)));
      if (left.length) this.waiting.set(id, left);
      else this.waiting.delete(id);
    }
  }
}
