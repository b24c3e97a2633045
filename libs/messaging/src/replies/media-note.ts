/** What the model is told a message carried besides its text; it never sees the media themselves. */
export interface MessageWithMedia {
  body: string;
  /** Twilio's MediaContentTypeN, in order; may be shorter than mediaUrls (an outbound message has none). */
  mediaContentTypes?: string[];
  mediaUrls?: string[];
}

type Kind = 'image' | 'video' | 'audio' | 'file';
const KINDS: Kind[] = ['image', 'video', 'audio', 'file'];

function kindOf(contentType: string | undefined): Kind {
  const top = (contentType ?? '').split('/')[0].trim().toLowerCase();
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'file';
}

/**
 * `[image attached]`, `[2 images attached]`, `[1 image and 1 file attached]`: a note for media by
 * content type (image/*, video/*, audio/*, anything else a file), or '' for none. A photo sent
 * without a word then still reads as something to answer, not as an empty message.
 */
export function mediaNote(contentTypes: string[], count = contentTypes.length): string {
  if (count <= 0) return '';
  const counts = new Map<Kind, number>();
  for (let i = 0; i < count; i++) {
    const kind = kindOf(contentTypes[i]);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const present = KINDS.filter((kind) => counts.has(kind));
  if (present.length === 1) {
    const n = counts.get(present[0])!;
    return n === 1 ? `[${present[0]} attached]` : `[${n} ${present[0]}s attached]`;
  }
  const parts = present.map((kind) => {
    const n = counts.get(kind)!;
    return `${n} ${kind}${n === 1 ? '' : 's'}`;
  });
  return `[${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]} attached]`;
}

/** The message as the model reads it: its text, then the media note (or the note alone). */
export function textWithMediaNote(message: MessageWithMedia): string {
  const types = message.mediaContentTypes ?? [];
  const note = mediaNote(types, Math.max(types.length, message.mediaUrls?.length ?? 0));
  if (!note) return message.body;
  return message.body ? `${message.body} ${note}` : note;
}
