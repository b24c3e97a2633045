import type { components } from '../../api/schema';
import { Time } from '../../ui/time-zone';
import { MessageActions } from './message-actions';
import { MessageMedia } from './message-media';

type Message = components['schemas']['MessageResponse'];

/** Statuses that mean the text did not (or will not) reach the phone. */
const FAILED = new Set(['failed', 'undelivered', 'suppressed', 'canceled']);

/** The thread as a list, oldest first: inbound on the left, ours on the right with their status. */
export function MessageList({ messages }: { messages: Message[] }) {
  if (!messages.length) return <p className="muted">No messages in this conversation yet.</p>;
  return (
    <ol className="thread" aria-label="Messages, oldest first">
      {messages.map((message) => (
        <li key={message.id} className={`bubble bubble-${message.direction}`}>
          {message.body ? (
            <p className="bubble-body">{message.body}</p>
          ) : message.numMedia ? null : (
            <p className="bubble-body muted">(no text)</p>
          )}
          <MessageMedia message={message} />
          <p className="bubble-meta">
            <span className="visually-hidden">{message.direction === 'inbound' ? 'They wrote' : 'You sent'}, </span>
            <Time iso={message.createdAt} />
            {message.direction === 'outbound' ? (
              <>
                {' · '}
                <span className={FAILED.has(message.status) ? 'status status-bad' : 'status'}>{message.status}</span>
              </>
            ) : null}
          </p>
          {message.errorMessage && message.direction === 'outbound' ? (
            <p className="bubble-error">
              {message.errorCode ? `Error ${message.errorCode}: ` : ''}
              {message.errorMessage}
            </p>
          ) : null}
          <MessageActions message={message} />
        </li>
      ))}
    </ol>
  );
}
