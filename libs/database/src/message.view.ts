import type { Message } from './generated/prisma/client';

/** The public JSON shape of a message (admin API). */
export function toMessageView(message: Message) {
  return {
    id: message.id,
    sid: message.sid,
    direction: message.direction,
    channel: message.channel,
    from: message.from,
    to: message.to,
    participant: message.participant,
    body: message.body,
    status: message.status,
    errorCode: message.errorCode,
    errorMessage: message.errorMessage,
    numMedia: message.numMedia,
    mediaUrls: message.mediaUrls,
    mediaContentTypes: message.mediaContentTypes,
    profileName: message.profileName,
    source: message.source,
    replyToId: message.replyToId,
    scheduledAt: message.scheduledAt,
    reminderId: message.reminderId,
    readAt: message.readAt,
    sentAt: message.sentAt,
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
  };
}

export type MessageView = ReturnType<typeof toMessageView>;
