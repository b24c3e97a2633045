import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describeError, statusOf } from '../../api/errors';
import type { components } from '../../api/schema';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';

type Contact = components['schemas']['ContactDetailResponse'];
const FIELDS = ['name', 'email', 'timezone', 'notes'] as const;
type Field = (typeof FIELDS)[number];

const LABELS: Record<Field, string> = { name: 'Name', email: 'Email', timezone: 'Time zone', notes: 'Notes' };
const HINTS: Partial<Record<Field, string>> = {
  timezone: 'An IANA zone like America/Chicago, used for quiet hours. Empty: the campaign’s or the business’s.',
};

/** Invalidates every read of contacts (list and pages) and of conversations, which show names and opt-outs. */
export function useContactsChanged() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/contacts'] });
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/contacts/{phone}'] });
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/conversations'] });
  };
}

/** Name, email, time zone and notes (PATCH /api/contacts/{phone}); an emptied field is cleared (null). */
export function ContactDetailsForm({ contact }: { contact: Contact }) {
  const changedContacts = useContactsChanged();
  const [draft, setDraft] = useState<Partial<Record<Field, string>>>({});
  const [announced, setAnnounced] = useState('');
  const save = $api.useMutation('patch', '/api/contacts/{phone}', {
    onSuccess: () => {
      setDraft({});
      setAnnounced('Contact saved.');
      changedContacts();
    },
    onError: () => setAnnounced(''),
  });
  const value = (field: Field) => draft[field] ?? contact[field] ?? '';
  const changed = FIELDS.filter((field) => field in draft && (draft[field] ?? '') !== (contact[field] ?? ''));
  const { byField, other } = fieldErrors(save.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = Object.fromEntries(changed.map((field) => [field, value(field).trim() || null]));
    save.mutate({ params: { path: { phone: contact.phone } }, body });
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="details-heading" noValidate>
      <h2 id="details-heading">Details</h2>
      {FIELDS.map((field) => {
        const id = `contact-${field}`;
        const hint = HINTS[field];
        const props = {
          id,
          value: value(field),
          onChange: (event: { target: { value: string } }) => {
            setDraft((previous) => ({ ...previous, [field]: event.target.value }));
            setAnnounced('');
          },
          ...describedBy(id, byField[field]),
        };
        return (
          <div className="field" key={field}>
            <label htmlFor={id}>{LABELS[field]}</label>
            {field === 'notes' ? (
              <textarea rows={3} maxLength={4000} {...props} />
            ) : (
              <input type={field === 'email' ? 'email' : 'text'} {...props} />
            )}
            {hint ? <p className="muted field-hint">{hint}</p> : null}
            <FieldError control={id} messages={byField[field]} />
          </div>
        );
      })}
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
      <button type="submit" disabled={save.isPending || changed.length === 0}>
        {save.isPending ? 'Saving…' : 'Save details'}
      </button>
      <p role="status" aria-live="polite" className="saved">
        {announced}
      </p>
    </form>
  );
}
