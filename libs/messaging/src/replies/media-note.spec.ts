import { mediaNote, textWithMediaNote } from './media-note';

describe('mediaNote', () => {
  it('is empty without media', () => {
    expect(mediaNote([])).toBe('');
  });

  it('names one medium by its content type', () => {
    expect(mediaNote(['image/jpeg'])).toBe('[image attached]');
    expect(mediaNote(['video/mp4'])).toBe('[video attached]');
    expect(mediaNote(['audio/ogg'])).toBe('[audio attached]');
    expect(mediaNote(['application/pdf'])).toBe('[file attached]');
    expect(mediaNote(['text/vcard'])).toBe('[file attached]');
  });

  it('counts several of one kind', () => {
    expect(mediaNote(['image/jpeg', 'image/png'])).toBe('[2 images attached]');
    expect(mediaNote(['application/pdf', 'text/plain', 'text/vcard'])).toBe('[3 files attached]');
  });

  it('counts each kind of a mix, images first', () => {
    expect(mediaNote(['application/pdf', 'image/jpeg'])).toBe('[1 image and 1 file attached]');
    expect(mediaNote(['audio/amr', 'image/gif', 'image/png', 'video/3gpp'])).toBe(
      '[2 images, 1 video and 1 audio attached]',
    );
  });

  it('reads content types case-insensitively, and a missing or odd one as a file', () => {
    expect(mediaNote(['IMAGE/JPEG'])).toBe('[image attached]');
    expect(mediaNote([], 2)).toBe('[2 files attached]');
    expect(mediaNote(['', 'image'])).toBe('[1 image and 1 file attached]');
  });
});

describe('textWithMediaNote', () => {
  it('is the text alone without media', () => {
    expect(textWithMediaNote({ body: 'Hi', mediaContentTypes: [], mediaUrls: [] })).toBe('Hi');
  });

  it('is the note alone for a photo without text', () => {
    expect(textWithMediaNote({ body: '', mediaContentTypes: ['image/jpeg'], mediaUrls: ['u'] })).toBe(
      '[image attached]',
    );
  });

  it('puts the note after the text', () => {
    expect(textWithMediaNote({ body: 'Is this normal?', mediaContentTypes: ['image/png', 'image/png'] })).toBe(
      'Is this normal? [2 images attached]',
    );
  });

  it('counts media without a content type (what we sent) as files', () => {
    expect(textWithMediaNote({ body: 'Our menu', mediaUrls: ['https://example.com/menu.pdf'] })).toBe(
      'Our menu [file attached]',
    );
  });
});
