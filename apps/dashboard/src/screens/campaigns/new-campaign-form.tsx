import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { $api } from '../../api/client';
import { describeError } from '../../api/errors';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';
import { SegmentCounter } from '../conversations/segment-counter';
import { CampaignOptionsFields, NO_OPTIONS, OPTION_FIELDS, optionsBody } from './campaign-options';
import { countEntries } from './campaign-progress';

const FIELDS = ['name', 'body', 'recipients', 'sendAt', ...OPTION_FIELDS] as const;

/**
 * POST /api/campaigns: stored as a draft, then its own screen shows the preview (who gets it now,
 * who waits, what it costs) and the launch button. An empty send time means "when launched".
 */
export function NewCampaignForm() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const [recipients, setRecipients] = useState('');
  const [sendAt, setSendAt] = useState('');
  const [options, setOptions] = useState(NO_OPTIONS);
  const create = $api.useMutation('post', '/api/campaigns', {
    onSuccess: (campaign) => {
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/campaigns'] });
      void navigate(`/campaigns/${campaign.id}`);
    },
  });
  const entries = countEntries(recipients);
  const { byField, other } = fieldErrors(create.error, FIELDS);
  // With a template the text is optional: recipients outside WhatsApp's window get the template alone.
  const bodyRequired = !options.contentSid.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // datetime-local is the browser's clock; the API takes an instant.
    const at = sendAt ? new Date(sendAt).toISOString() : undefined;
    create.mutate({
      body: { name, recipients, ...(body ? { body } : {}), ...(at ? { sendAt: at } : {}), ...optionsBody(options) },
    });
  };

  return (
    <section aria-labelledby="new-campaign">
      <h2 id="new-campaign">New campaign</h2>
      <form className="composer" onSubmit={submit}>
        <label htmlFor="campaign-name">Name</label>
        <input
          id="campaign-name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          required
          {...describedBy('campaign-name', byField.name)}
        />
        <FieldError control="campaign-name" messages={byField.name} />
        <label htmlFor="campaign-body">Message</label>
        <textarea
          id="campaign-body"
          rows={3}
          maxLength={1600}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          aria-describedby={
            byField.body?.length ? 'campaign-body-counter campaign-body-error' : 'campaign-body-counter'
          }
          aria-invalid={byField.body?.length ? true : undefined}
          required={bodyRequired}
        />
        <SegmentCounter id="campaign-body-counter" text={body} channel={options.channel} />
        <FieldError control="campaign-body" messages={byField.body} />
        <label htmlFor="campaign-recipients">Recipients (one number per line, or separated by commas)</label>
        <textarea
          id="campaign-recipients"
          rows={5}
          value={recipients}
          onChange={(e) => setRecipients(e.target.value)}
          aria-describedby={
            byField.recipients?.length
              ? 'campaign-recipients-count campaign-recipients-error'
              : 'campaign-recipients-count'
          }
          aria-invalid={byField.recipients?.length ? true : undefined}
          required
        />
        <p id="campaign-recipients-count" className="counter muted">
          {entries} {entries === 1 ? 'entry' : 'entries'}
        </p>
        <FieldError control="campaign-recipients" messages={byField.recipients} />
        <label htmlFor="campaign-send-at">Send at (optional; your computer’s clock; empty: when launched)</label>
        <input
          id="campaign-send-at"
          type="datetime-local"
          value={sendAt}
          onChange={(e) => setSendAt(e.target.value)}
          {...describedBy('campaign-send-at', byField.sendAt)}
        />
        <FieldError control="campaign-send-at" messages={byField.sendAt} />
        <CampaignOptionsFields options={options} onChange={setOptions} errors={byField} />
        {create.isError ? (
          <p className="notice notice-error" role="alert">
            Not created:{' '}
            {other.length
              ? other.join('; ')
              : Object.keys(byField).length
                ? 'check the fields marked above.'
                : describeError(create.error)}
          </p>
        ) : null}
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create draft and preview'}
        </button>
      </form>
    </section>
  );
}
