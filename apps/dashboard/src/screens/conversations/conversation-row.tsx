import type { CSSProperties, Ref } from 'react';
import { Link } from 'react-router';
import type { components } from '../../api/schema';
import { Time } from '../../ui/time-zone';
import { ChannelBadge, OptedOutBadge } from './badges';
import { participantLabel } from './participant';

type Conversation = components['schemas']['ConversationSummary'];

/**
 * One conversation in the list: who, how, whether they opted out, unread count, the last message.
 * Placed by the virtualized list (`style`, `ref` to measure it), which also says where it stands.
 */
export function ConversationRow({
  conversation,
  ref,
  index,
  setSize,
  style,
}: {
  conversation: Conversation;
  ref: Ref<HTMLLIElement>;
  index: number;
  setSize: number;
  style: CSSProperties;
}) {
  const { participant, name, optedOut, unreadCount, lastMessage } = conversation;
  const preview = lastMessage
    ? `${lastMessage.direction === 'outbound' ? 'You: ' : ''}${lastMessage.body || (lastMessage.numMedia ? '(media)' : '(no text)')}`
    : '';
  return (
    <li
      ref={ref}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      style={style}
      className={unreadCount ? 'conversation unread' : 'conversation'}
    >
      <Link to={`/conversations/${encodeURIComponent(participant)}`}>
        <span className="conversation-who">
          <strong>{name ?? participantLabel(participant)}</strong>
          {name ? <span className="muted"> {participantLabel(participant)}</span> : null}
        </span>
        <span className="conversation-meta">
          {lastMessage ? <ChannelBadge channel={lastMessage.channel} /> : null}
          {optedOut ? <OptedOutBadge /> : null}
          {unreadCount ? <span className="badge badge-unread">{unreadCount} unread</span> : null}
          {lastMessage ? <Time iso={lastMessage.createdAt} /> : null}
        </span>
        <span className="conversation-preview">{preview}</span>
      </Link>
    </li>
  );
}
