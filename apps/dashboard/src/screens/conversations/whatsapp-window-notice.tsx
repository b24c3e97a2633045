import { useEffect, useState } from 'react';
import { Time } from '../../ui/time-zone';

/**
 * WhatsApp takes free-form text only within 24 hours of the contact's last message to the
 * business (libs/messaging's whatsapp-window rule, which refuses it with 63016); after that only an
 * approved template goes. `closesAt` is the API's whatsappWindowClosesAt, null when they never wrote.
 */
export function WhatsAppWindowNotice({ closesAt }: { closesAt: string | null }) {
  const open = useOpenUntil(closesAt);
  if (closesAt && open) {
    return (
      <p className="notice muted">
        WhatsApp&rsquo;s 24-hour window is open until <Time iso={closesAt} />: free-form replies reach them until then.
      </p>
    );
  }
  return (
    <p className="notice notice-error" role="status">
      <strong>WhatsApp&rsquo;s 24-hour window is closed</strong>:{' '}
      {closesAt ? (
        <>
          they last wrote more than 24 hours ago (it closed <Time iso={closesAt} />)
        </>
      ) : (
        'they have not written to you on WhatsApp'
      )}
      . A free-form reply will be refused (Twilio error 63016); send an approved template instead (contentSid, through
      the API) until they write again.
    </p>
  );
}

/** Whether `closesAt` is still ahead; turns false by itself when it passes, with the screen left open. */
function useOpenUntil(closesAt: string | null): boolean {
  const [now, setNow] = useState(() => Date.now());
  const end = closesAt ? Date.parse(closesAt) : 0;
  useEffect(() => {
    const left = end - Date.now();
    // setTimeout takes at most about 24.8 days; a window lasts 24 hours.
    if (left <= 0 || left > 2 ** 31 - 1) return;
    const timer = setTimeout(() => setNow(Date.now()), left + 50);
    return () => clearTimeout(timer);
  }, [end]);
  return end > now;
}
