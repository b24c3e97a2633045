import { useState } from 'react';
import { $api } from '../../api/client';
import { describeError } from '../../api/errors';
import type { components } from '../../api/schema';
import { Time } from '../../ui/time-zone';
import { useContactsChanged } from './contact-details-form';

type Contact = components['schemas']['ContactDetailResponse'];

const SOURCES: Record<string, string> = {
  keyword: 'they texted STOP',
  twilio_21610: 'their carrier reported it (Twilio error 21610)',
  api: 'set by hand',
};

/** Opts out, or back in, by hand (PATCH /api/contacts/{phone} {optedOut}), e.g. for someone who asked by phone. */
export function OptOutToggle({ contact }: { contact: Contact }) {
  const changedContacts = useContactsChanged();
  const [announced, setAnnounced] = useState('');
  const toggle = $api.useMutation('patch', '/api/contacts/{phone}', {
    onSuccess: (saved) => {
      setAnnounced(saved.optedOut ? 'Opted out: nothing but keyword answers reaches them.' : 'Opted back in.');
      changedContacts();
    },
    onError: () => setAnnounced(''),
  });

  return (
    <section aria-labelledby="subscription-heading">
      <h2 id="subscription-heading">Subscription</h2>
      {contact.optedOut ? (
        <p className="notice notice-error">
          Opted out{contact.optOutSource ? ` (${SOURCES[contact.optOutSource] ?? contact.optOutSource})` : ''}
          {contact.optedOutAt ? (
            <>
              {' '}
              <Time iso={contact.optedOutAt} />
            </>
          ) : null}
          : nothing is sent to them but answers to STOP, START and HELP.
        </p>
      ) : (
        <p className="notice notice-ok">Subscribed: they get your messages, campaigns and reminders.</p>
      )}
      <button
        type="button"
        disabled={toggle.isPending}
        onClick={() =>
          toggle.mutate({ params: { path: { phone: contact.phone } }, body: { optedOut: !contact.optedOut } })
        }
      >
        {contact.optedOut ? 'Opt back in' : 'Opt out'}
      </button>
      {toggle.isError ? (
        <p className="notice notice-error" role="alert">
          Not changed: {describeError(toggle.error)}
        </p>
      ) : null}
      <p role="status" aria-live="polite" className="saved">
        {announced}
      </p>
    </section>
  );
}
