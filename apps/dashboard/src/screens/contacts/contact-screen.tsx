import { Link, useParams } from 'react-router';
import { $api } from '../../api/client';
import { statusOf } from '../../api/errors';
import type { components } from '../../api/schema';
import { ScreenHeading } from '../../ui/screen-heading';
import { LoadError, Loading } from '../../ui/states';
import { Time } from '../../ui/time-zone';
import { MessageList } from '../conversations/message-list';
import { ContactDetailsForm } from './contact-details-form';
import { chatPath } from './contact-path';
import { OptOutToggle } from './opt-out-toggle';

type Contact = components['schemas']['ContactDetailResponse'];

/** How many of the latest messages the page shows; the chat view has them all. */
const RECENT_MESSAGES = 10;

/** /contacts/:phone: one contact's details, subscription, upcoming appointments and latest messages. */
export function ContactScreen() {
  const phone = useParams().phone ?? '';
  const contact = $api.useQuery('get', '/api/contacts/{phone}', { params: { path: { phone } } });
  const title = contact.data ? (contact.data.name ?? contact.data.profileName ?? contact.data.phone) : phone;

  return (
    <>
      <p>
        <Link to="/contacts">← All contacts</Link>
      </p>
      <ScreenHeading title={title}>
        {title}
        {contact.data && title !== contact.data.phone ? (
          <span className="muted heading-aside"> {contact.data.phone}</span>
        ) : null}
      </ScreenHeading>
      {contact.isPending ? (
        <Loading what="the contact" />
      ) : contact.isError ? (
        statusOf(contact.error) === 404 || statusOf(contact.error) === 400 ? (
          <p className="notice notice-error" role="alert">
            No contact “{phone}”. Open one from the <Link to="/contacts">list</Link>.
          </p>
        ) : (
          <LoadError what="the contact" error={contact.error} retry={() => void contact.refetch()} />
        )
      ) : (
        <ContactPage contact={contact.data} />
      )}
    </>
  );
}

function ContactPage({ contact }: { contact: Contact }) {
  return (
    <>
      <p>
        <Link to={chatPath(contact.phone)}>Open the conversation</Link>
      </p>
      <OptOutToggle contact={contact} />
      <ContactDetailsForm contact={contact} />
      <h2>Upcoming appointments</h2>
      {contact.upcomingAppointments.length ? (
        <ul className="appointments">
          {contact.upcomingAppointments.map((appointment) => (
            <li key={appointment.id}>
              <Time iso={appointment.startsAt} /> to <Time iso={appointment.endsAt} />
              {appointment.service ? ` · ${appointment.service}` : ''}
              {appointment.confirmedAt ? ' · confirmed' : ''}
              {appointment.isEmergency ? ' · emergency' : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None booked.</p>
      )}
      <RecentMessages phone={contact.phone} />
    </>
  );
}

function RecentMessages({ phone }: { phone: string }) {
  const messages = $api.useQuery('get', '/api/messages', {
    params: { query: { participant: phone, limit: RECENT_MESSAGES } },
  });
  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">Latest messages</h2>
      {messages.isPending ? (
        <Loading what="the latest messages" />
      ) : messages.isError ? (
        <LoadError what="the latest messages" error={messages.error} retry={() => void messages.refetch()} />
      ) : (
        // Newest first from the API; shown oldest first, as in the chat.
        <MessageList messages={[...messages.data.items].reverse()} />
      )}
      <p>
        <Link to={chatPath(phone)}>All messages, and reply, in the conversation</Link>
      </p>
    </section>
  );
}
