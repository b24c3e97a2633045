import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describeError } from '../../api/errors';
import { isWebVisitor } from './participant';
import { SegmentCounter } from './segment-counter';

/** POST /api/messages allows up to 1,600 characters (SendMessageDto). */
const MAX_LENGTH = 1600;

interface Props {
  participant: string;
  channel: 'sms' | 'whatsapp' | 'voice' | 'web';
  optedOut: boolean;
}

/** The reply box: a message to this participant on the thread's channel, through POST /api/messages. */
export function MessageComposer({ participant, channel, optedOut }: Props) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const send = $api.useMutation('post', '/api/messages', {
    onSuccess: () => {
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/conversations/{participant}'] });
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/conversations'] });
    },
  });
  // A call's caller gets SMS; only WhatsApp threads are answered on WhatsApp.
  const sendAs = channel === 'whatsapp' ? 'whatsapp' : 'sms';

  if (isWebVisitor(participant)) {
    return (
      <p className="notice">This visitor chatted on your website without giving a number: they cannot be texted.</p>
    );
  }
  if (optedOut) {
    return (
      <p className="notice notice-error">
        They opted out (texted STOP): nothing can be sent to them until they text START.
      </p>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    send.mutate({ body: { to: participant, body: text, channel: sendAs } });
  };

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor="message">Message</label>
      <textarea
        id="message"
        rows={3}
        maxLength={MAX_LENGTH}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-describedby="message-counter"
      />
      <SegmentCounter id="message-counter" text={text} channel={sendAs} />
      {send.isError ? (
        <p className="notice notice-error" role="alert">
          Not sent: {describeError(send.error)}
        </p>
      ) : null}
      <button type="submit" disabled={send.isPending || !text.trim()}>
        {send.isPending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
