import { closestName, editDistance } from './did-you-mean';

describe('editDistance', () => {
  it.each([
    ['to', 'to', 0],
    ['too', 'to', 1],
    ['bdy', 'body', 1],
    ['tpo', 'top', 1], // a swap of neighbours is one edit
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('stops counting past the limit', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('x'.repeat(10_000), 'to', 3)).toBe(4);
  });
});

describe('closestName', () => {
  const message = ['to', 'body', 'from', 'channel', 'mediaUrls', 'sendAt', 'allowPast'];

  it.each([
    ['too', 'to'],
    ['tp', 'to'],
    ['bdy', 'body'],
    ['fro', 'from'],
    ['chanel', 'channel'],
    ['media_urls', 'mediaUrls'],
    ['send_at', 'sendAt'],
    ['SendAt', 'sendAt'],
    ['allow-past', 'allowPast'],
    ['mediaUrl', 'mediaUrls'],
  ])('reads %s as %s', (typed, meant) => {
    expect(closestName(typed, message)).toBe(meant);
  });

  it.each(['colour', 'id', 'x', 'recipients', 'message', 'schedule', '0', ''])('suggests nothing for %j', (typed) => {
    expect(closestName(typed, message)).toBeNull();
  });

  it('prefers the closest name, then the one declared first', () => {
    expect(editDistance('recipeints', 'recipes')).toBe(3); // close enough for a 10-letter name, but
    expect(closestName('recipeints', ['recipes', 'recipients'])).toBe('recipients'); // a swap is closer
    expect(closestName('stat', ['start', 'state'])).toBe('start');
    expect(closestName('stat', ['state', 'start'])).toBe('state');
  });

  it('has nothing to suggest from no candidates', () => {
    expect(closestName('too', [])).toBeNull();
  });
});
