import type { components } from '../../api/schema';

type Channel = components['schemas']['MessageResponse']['channel'];

const CHANNEL_LABEL: Record<Channel, string> = { sms: 'SMS', whatsapp: 'WhatsApp', voice: 'Call', web: 'Web chat' };

/** The channel in words (an icon alone says nothing to a screen reader). */
export function ChannelBadge({ channel }: { channel: Channel }) {
  return <span className={`badge badge-${channel}`}>{CHANNEL_LABEL[channel]}</span>;
}

export function OptedOutBadge() {
  return (
    <span className="badge badge-bad" title="They texted STOP: nothing is sent to them until they text START">
      Opted out
    </span>
  );
}
