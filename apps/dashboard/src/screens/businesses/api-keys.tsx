import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describeError } from '../../api/errors';
import type { components } from '../../api/schema';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';
import { Empty, LoadError, Loading } from '../../ui/states';
import { Time } from '../../ui/time-zone';

type CreatedKey = components['schemas']['ApiKeyCreatedResponse'];

/**
 * The business's own API keys: a new one is shown once, right here (the API keeps only its
 * SHA-256); the list shows names and prefixes, never a key; revoking asks first.
 */
export function ApiKeys({ businessId }: { businessId: string }) {
  const queryClient = useQueryClient();
  const path = { params: { path: { id: businessId } } };
  const keys = $api.useQuery('get', '/api/businesses/{id}/api-keys', path);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const changed = () => void queryClient.invalidateQueries({ queryKey: ['get', '/api/businesses/{id}/api-keys'] });
  const create = $api.useMutation('post', '/api/businesses/{id}/api-keys', {
    onSuccess: (key) => {
      setCreated(key);
      setName('');
      changed();
    },
  });
  const revoke = $api.useMutation('delete', '/api/businesses/{id}/api-keys/{keyId}', { onSuccess: changed });
  const { byField, other } = fieldErrors(create.error, ['name'] as const);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate({ ...path, body: { name } });
  };

  return (
    <section aria-labelledby="api-keys">
      <h2 id="api-keys">API keys</h2>
      {created ? <NewKey created={created} /> : null}
      {keys.isPending ? (
        <Loading what="the API keys" />
      ) : keys.isError ? (
        <LoadError what="the API keys" error={keys.error} retry={() => void keys.refetch()} />
      ) : keys.data.items.length === 0 ? (
        <Empty title="No API key yet.">
          <p>Make one below: the business signs in to this dashboard, or calls the API, with it.</p>
        </Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((key) => (
              <tr key={key.id}>
                <th scope="row">{key.name}</th>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>
                  <Time iso={key.createdAt} />
                </td>
                <td>{key.lastUsedAt ? <Time iso={key.lastUsedAt} /> : <span className="muted">never</span>}</td>
                <td>
                  {key.revokedAt ? (
                    <span className="badge badge-bad">Revoked</span>
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      disabled={revoke.isPending}
                      aria-label={`Revoke ${key.name}`}
                      onClick={() => {
                        if (window.confirm(`Revoke the key “${key.name}”? Everything using it is refused from now on.`))
                          revoke.mutate({ params: { path: { id: businessId, keyId: key.id } } });
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.isError ? (
        <p className="notice notice-error" role="alert">
          Not revoked: {describeError(revoke.error)}
        </p>
      ) : null}
      <form className="composer" onSubmit={submit}>
        <label htmlFor="api-key-name">New key’s name (what uses it, e.g. “front desk”)</label>
        <input
          id="api-key-name"
          value={name}
          maxLength={100}
          required
          onChange={(e) => setName(e.target.value)}
          {...describedBy('api-key-name', byField.name)}
        />
        <FieldError control="api-key-name" messages={byField.name} />
        {create.isError && !byField.name ? (
          <p className="notice notice-error" role="alert">
            Not created: {other.length ? other.join('; ') : describeError(create.error)}
          </p>
        ) : null}
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create API key'}
        </button>
      </form>
    </section>
  );
}

/** The new key, this once: selectable in one click, with a copy button where the browser allows one. */
function NewKey({ created }: { created: CreatedKey }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(created.key).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  return (
    <div className="notice notice-ok new-key" role="status">
      <p>
        New key “{created.name}”. <strong>Copy it now: it is shown only this once</strong> (only its fingerprint is
        kept, so it cannot be shown again).
      </p>
      <p>
        <label htmlFor="new-api-key">The key</label>
        <input id="new-api-key" readOnly value={created.key} onFocus={(e) => e.currentTarget.select()} />
      </p>
      {navigator.clipboard ? (
        <button type="button" onClick={() => void copy()}>
          Copy the key
        </button>
      ) : null}
      {copied === 'yes' ? <span> Copied.</span> : null}
      {copied === 'no' ? <span> Could not copy: select the key and copy it yourself.</span> : null}
    </div>
  );
}
