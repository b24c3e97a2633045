import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../../api/client';
import { describeError } from '../../api/errors';
import type { components } from '../../api/schema';

type Message = components['schemas']['MessageResponse'];

/**
 * Redact (the text and media emptied here and the text on Twilio; the message stays, blank) or
 * delete (gone here and on Twilio) one message, each after a confirmation; the thread refreshes after.
 */
export function MessageActions({ message }: { message: Message }) {
  const queryClient = useQueryClient();
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/conversations/{participant}'] });
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/conversations'] });
  };
  const redact = $api.useMutation('post', '/api/messages/{sid}/redact', { onSuccess: changed });
  const remove = $api.useMutation('delete', '/api/messages/{sid}', { onSuccess: changed });
  const path = { params: { path: { sid: message.sid ?? message.id } } };
  const busy = redact.isPending || remove.isPending;
  const failed = redact.isError ? redact.error : remove.isError ? remove.error : null;
  const redacted = !message.body && !message.numMedia;

  return (
    <div className="bubble-actions">
      {redacted ? null : (
        <button
          type="button"
          className="link-button"
          disabled={busy}
          onClick={() => {
            if (window.confirm('Redact this message? Its text and files are erased here and its text on Twilio.'))
              redact.mutate(path);
          }}
        >
          Redact
        </button>
      )}
      <button
        type="button"
        className="link-button danger"
        disabled={busy}
        onClick={() => {
          if (window.confirm('Delete this message, here and on Twilio? It cannot be brought back.'))
            remove.mutate(path);
        }}
      >
        Delete
      </button>
      {failed ? (
        <p className="bubble-error" role="alert">
          Not done: {describeError(failed)}
        </p>
      ) : null}
    </div>
  );
}
