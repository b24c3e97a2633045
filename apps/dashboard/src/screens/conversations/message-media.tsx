import type { components } from '../../api/schema';

type Message = components['schemas']['MessageResponse'];

/**
 * A message's files. Inbound ones come through GET /api/messages/{sid}/media/{n}, which fetches
 * them from Twilio with the business's account (Twilio's own URLs need its credentials): images as
 * thumbnails, anything else as a link. Ours were sent from public URLs, linked as they are.
 */
export function MessageMedia({ message }: { message: Message }) {
  if (!message.numMedia) return null;
  const who = message.direction === 'inbound' ? 'they sent' : 'you sent';
  const count = message.numMedia;
  const key = message.sid ?? message.id;
  const files = Array.from({ length: count }, (_, n) => {
    const type = message.mediaContentTypes[n] ?? '';
    const href =
      message.direction === 'inbound'
        ? `/api/messages/${encodeURIComponent(key)}/media/${n}`
        : (message.mediaUrls[n] ?? null);
    const image = type.startsWith('image/');
    const what = `${image ? 'image' : 'file'}${count > 1 ? ` ${n + 1} of ${count}` : ''} ${who}`;
    return { n, type, href, image, what };
  });

  return (
    <ul className="media">
      {files.map(({ n, type, href, image, what }) =>
        href === null ? (
          <li key={n} className="muted">
            The {what} ({type || 'unknown type'})
          </li>
        ) : image ? (
          <li key={n}>
            <a href={href} target="_blank" rel="noreferrer">
              <img className="thumbnail" src={href} alt={`The ${what}: open it full size`} />
            </a>
          </li>
        ) : (
          <li key={n}>
            <a href={href} target="_blank" rel="noreferrer">
              Open the {what}
              {type ? ` (${type})` : ''}
            </a>
          </li>
        ),
      )}
    </ul>
  );
}
