import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WebhookRepository, type Message } from '@app/database';
import { JobName, JobQueue } from '@app/queue';
import { MessageEvents } from '../live/message-events';
import { ReplyWatcher } from './reply-watcher';

/** One thing a person said in a live conversation (a phone call or the web chat). */
export interface ConversationTurn {
  businessId: string;
  channel: 'voice' | 'web';
  /** New for every turn: the message's unique sid (a sid already stored stores nothing, and its id is not this one's). */
  sid: string;
  /** The person: a caller's number, a chat visitor's address or the phone they gave. */
  from: string;
  /** The business's side: the number called, or the chat's address. */
  to: string;
  body: string;
  accountSid?: string;
}

/**
 * Live conversations through the same engine as texts, written once for calls and the web chat:
 * a turn is stored as an inbound message with its reply job (one transaction, as a text's webhook
 * stores one; the worker answers it with the emergency check, the booking flow, the AI and its
 * tools), then the answer is awaited while the person waits.
 */
@Injectable()
export class ConversationTurns {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly jobs: JobQueue,
    private readonly watcher: ReplyWatcher,
    private readonly events: MessageEvents,
  ) {}

  /** Stores the turn with its reply job and queues the job; resolves the inbound message's id. */
  async store(turn: ConversationTurn): Promise<string> {
    const id = randomUUID();
    const job = JobQueue.outboxEntry(JobName.ReplyToInbound, { messageId: id, messageSid: turn.sid });
    const created = await this.webhooks.acceptInbound({
      message: {
        id,
        businessId: turn.businessId,
        sid: turn.sid,
        channel: turn.channel,
        from: turn.from,
        to: turn.to,
        body: turn.body,
        numMedia: 0,
        mediaUrls: [],
        mediaContentTypes: [],
        accountSid: turn.accountSid,
      },
      // Words said in a call or typed in a chat never opt anyone out of texts ("stop" may mean anything there).
      optOut: undefined,
      job,
    });
    if (created) {
      // Told first: the reply's own event must not come before the message it answers.
      const { businessId, from, channel } = turn;
      this.events.stored({
        id,
        businessId,
        participant: from,
        direction: 'inbound',
        channel,
        status: 'received',
        createdAt: new Date(),
      });
      await this.jobs.enqueueCommitted(job);
    }
    return id;
  }

  /** The answer's parts once the worker stored them, or null after `timeoutMs`. */
  answer(inboundId: string, timeoutMs: number): Promise<Message[] | null> {
    return this.watcher.replyTo(inboundId, timeoutMs);
  }
}
