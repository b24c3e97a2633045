import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { $api } from '../../api/client';
import { statusOf } from '../../api/errors';
import { ScreenHeading } from '../../ui/screen-heading';
import { LoadError, Loading } from '../../ui/states';
import { ChannelBadge, OptedOutBadge } from './badges';
import { MessageComposer } from './message-composer';
import { MessageList } from './message-list';
import { participantLabel } from './participant';
import { useThread } from './use-thread';
import { WhatsAppWindowNotice } from './whatsapp-window-notice';

/** /conversations/:participant: the thread, oldest first, and a reply box under it. */
export function ChatScreen() {
  const participant = useParams().participant ?? '';
  const thread = useThread(participant);
  const queryClient = useQueryClient();
  const { mutate: markReadNow } = $api.useMutation('post', '/api/conversations/{participant}/read', {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['get', '/api/conversations'] }),
  });

  // Opening a thread reads it: its unread count in the list drops to zero.
  useEffect(() => {
    markReadNow({ params: { path: { participant } } });
  }, [participant, markReadNow]);

  const pages = thread.data?.pages ?? [];
  const first = pages[0];
  // Pages come newest first, each oldest first within itself.
  const messages = [...pages].reverse().flatMap((page) => page.messages);
  const last = messages.at(-1);
  const title = first?.name ?? participantLabel(participant);

  return (
    <>
      <p>
        <Link to="/conversations">← All conversations</Link>
      </p>
      <ScreenHeading title={title}>
        {title}
        {first?.name ? <span className="muted heading-aside"> {participantLabel(participant)}</span> : null}
      </ScreenHeading>
      {first ? (
        <p className="conversation-meta">
          {last ? <ChannelBadge channel={last.channel} /> : null}
          {first.optedOut ? <OptedOutBadge /> : null}
        </p>
      ) : null}

      {thread.isPending ? (
        <Loading what="the conversation" />
      ) : thread.isError ? (
        statusOf(thread.error) === 400 ? (
          <p className="notice notice-error" role="alert">
            “{participant}” is not a phone number. Open a conversation from the <Link to="/conversations">list</Link>.
          </p>
        ) : (
          <LoadError what="the conversation" error={thread.error} retry={() => void thread.refetch()} />
        )
      ) : (
        <>
          {thread.hasNextPage ? (
            <button type="button" disabled={thread.isFetchingNextPage} onClick={() => void thread.fetchNextPage()}>
              {thread.isFetchingNextPage ? 'Loading older messages…' : 'Older messages'}
            </button>
          ) : null}
          <MessageList messages={messages} />
          {last?.channel === 'whatsapp' && !first?.optedOut ? (
            <WhatsAppWindowNotice closesAt={first?.whatsappWindowClosesAt ?? null} />
          ) : null}
          <MessageComposer
            participant={first?.participant ?? participant}
            channel={last?.channel ?? 'sms'}
            optedOut={first?.optedOut ?? false}
          />
        </>
      )}
    </>
  );
}
