import { Injectable } from '@nestjs/common';
import type { Message } from '@app/database';
import { LiveEvents } from '@app/queue';

type MessageRef = Pick<Message, 'id' | 'businessId' | 'participant' | 'direction' | 'channel'>;

/**
 * The dashboard's `message` and `status` events, in one shape wherever a message is stored or
 * moved (webhooks in the API, sends and replies in the workers). Called after the write
 * committed; never fails or slows the caller (LiveEvents).
 */
@Injectable()
export class MessageEvents {
  constructor(private readonly live: LiveEvents) {}

  /** A message was stored: an inbound one, or an outbound one created to be sent. */
  stored(message: MessageRef & Pick<Message, 'status' | 'createdAt'>): void {
    this.live.publish(message.businessId, 'message', {
      id: message.id,
      phone: message.participant,
      direction: message.direction,
      status: message.status,
      channel: message.channel,
      createdAt: message.createdAt.toISOString(),
    });
  }

  /** A message's status moved to `status`. */
  moved(message: MessageRef, status: string, errorCode: number | null = null): void {
    this.live.publish(message.businessId, 'status', {
      id: message.id,
      phone: message.participant,
      direction: message.direction,
      channel: message.channel,
      status,
      errorCode,
    });
  }
}
