import { sameSecret } from './secrets';

describe('secret comparison', () => {
  it('matches only the same secret, whatever the lengths', () => {
    expect(sameSecret('key-1', 'key-1')).toBe(true);
    expect(sameSecret('key-2', 'key-1')).toBe(false);
    expect(sameSecret('k', 'a much longer expected key')).toBe(false);
    expect(sameSecret(undefined, 'key-1')).toBe(false);
    expect(sameSecret('key-1', undefined)).toBe(false);
  });
});
