import { countSegments } from '@shared/segments';

/**
 * What the text costs as SMS, as the user types: the server's own count (libs/messaging's
 * countSegments, Twilio's calculator), so the screen and the campaign preview never disagree.
 */
export function SegmentCounter({ id, text, channel }: { id: string; text: string; channel: 'sms' | 'whatsapp' }) {
  if (channel === 'whatsapp') {
    return (
      <p id={id} className="counter muted">
        {text.length} characters · WhatsApp messages are not split into segments
      </p>
    );
  }
  const { segments, encoding, characters } = countSegments(text);
  return (
    <p id={id} className="counter muted">
      {characters} characters · {segments} SMS segment{segments === 1 ? '' : 's'} · {encoding}
      {encoding === 'UCS-2'
        ? ' (an emoji or a character outside GSM-7 makes the whole text UCS-2: 70 per segment)'
        : ''}
    </p>
  );
}
