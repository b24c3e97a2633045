import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { $api } from '../../api/client';
import { describeError } from '../../api/errors';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';

const FIELDS = ['name', 'slug', 'timezone'] as const;

/** A slug the API accepts, suggested from the name as it is typed (the operator may write their own). */
const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** POST /api/businesses, then its own screen (keys, usage). Numbers and the rest: PATCH or the API. */
export function NewBusinessForm() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [timezone, setTimezone] = useState('');
  const create = $api.useMutation('post', '/api/businesses', {
    onSuccess: (business) => {
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/businesses'] });
      void navigate(`/businesses/${business.id}`);
    },
  });
  const { byField, other } = fieldErrors(create.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ body: { name, slug, ...(timezone.trim() ? { timezone: timezone.trim() } : {}) } });
  };

  return (
    <section aria-labelledby="new-business">
      <h2 id="new-business">New business</h2>
      <form className="composer" onSubmit={submit}>
        <label htmlFor="business-name">Name</label>
        <input
          id="business-name"
          value={name}
          maxLength={200}
          required
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(slugOf(e.target.value));
          }}
          {...describedBy('business-name', byField.name)}
        />
        <FieldError control="business-name" messages={byField.name} />
        <label htmlFor="business-slug">Slug (lowercase letters, digits and dashes; names it in API addresses)</label>
        <input
          id="business-slug"
          value={slug}
          required
          onChange={(e) => {
            setSlug(e.target.value);
            setSlugEdited(true);
          }}
          {...describedBy('business-slug', byField.slug)}
        />
        <FieldError control="business-slug" messages={byField.slug} />
        <label htmlFor="business-timezone">Time zone (optional, e.g. America/Chicago; empty: the default)</label>
        <input
          id="business-timezone"
          value={timezone}
          maxLength={64}
          onChange={(e) => setTimezone(e.target.value)}
          {...describedBy('business-timezone', byField.timezone)}
        />
        <FieldError control="business-timezone" messages={byField.timezone} />
        {create.isError && (other.length || !Object.keys(byField).length) ? (
          <p className="notice notice-error" role="alert">
            Not created: {other.length ? other.join('; ') : describeError(create.error)}
          </p>
        ) : null}
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create business'}
        </button>
      </form>
    </section>
  );
}
