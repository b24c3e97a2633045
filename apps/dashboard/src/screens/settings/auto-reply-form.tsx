import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describeError, statusOf } from '../../api/errors';
import type { components } from '../../api/schema';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';
import { Time } from '../../ui/time-zone';

type AutoReply = components['schemas']['AutoReplyResponse'];

const FIELDS = ['enabled', 'message'] as const;

/** The fixed-text auto-reply (POST /api/auto-reply/config): on or off, and its message. */
export function AutoReplyForm({ config, aiActive }: { config: AutoReply; aiActive: boolean }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Partial<Pick<AutoReply, 'enabled' | 'message'>>>({});
  // What the last save turned on or off: its announcement goes once the server says otherwise (AI turned it off).
  const [announced, setAnnounced] = useState<{ text: string; enabled: boolean } | null>(null);
  const save = $api.useMutation('post', '/api/auto-reply/config', {
    onSuccess: (saved) => {
      setDraft({});
      setAnnounced({ text: `Auto-reply saved: ${saved.enabled ? 'on' : 'off'}.`, enabled: saved.enabled });
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/auto-reply/config'] });
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/ai/config'] });
    },
    onError: () => setAnnounced(null),
  });
  const value = { ...config, ...draft };
  const edit = (patch: typeof draft) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    setAnnounced(null);
  };
  const changed = value.enabled !== config.enabled || value.message !== config.message;
  const { byField, other } = fieldErrors(save.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ body: { enabled: value.enabled, message: value.message } });
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="auto-reply-heading" noValidate>
      <h2 id="auto-reply-heading">Auto-reply</h2>
      <p className="notice">
        {config.enabled ? 'The auto-reply is on' : 'The auto-reply is off'}
        {config.enabled && aiActive ? ', but AI answers first while it can run' : ''}.
        {config.updatedAt ? (
          <>
            {' '}
            Last saved <Time iso={config.updatedAt} />.
          </>
        ) : null}
      </p>

      <div className="field field-check">
        <input
          id="auto-reply-enabled"
          type="checkbox"
          checked={value.enabled}
          onChange={(event) => edit({ enabled: event.target.checked })}
          {...describedBy('auto-reply-enabled', byField.enabled)}
        />
        <label htmlFor="auto-reply-enabled">Answer incoming texts with a fixed message</label>
        <FieldError control="auto-reply-enabled" messages={byField.enabled} />
      </div>

      <div className="field">
        <label htmlFor="auto-reply-message">Auto-reply message</label>
        <textarea
          id="auto-reply-message"
          rows={3}
          maxLength={1600}
          value={value.message}
          onChange={(event) => edit({ message: event.target.value })}
          {...describedBy('auto-reply-message', byField.message)}
        />
        <FieldError control="auto-reply-message" messages={byField.message} />
      </div>

      {save.isError ? (
        <p className="notice notice-error" role="alert">
          Not saved:{' '}
          {statusOf(save.error) !== 400
            ? describeError(save.error)
            : other.length
              ? other.join('; ')
              : 'see the messages next to the fields.'}
        </p>
      ) : null}
      <button type="submit" disabled={save.isPending || !changed}>
        {save.isPending ? 'Saving…' : 'Save auto-reply'}
      </button>
      <p role="status" aria-live="polite" className="saved">
        {announced?.enabled === config.enabled ? announced.text : ''}
      </p>
    </form>
  );
}
