import { hashSlot } from './hash-slot';

describe('hashSlot', () => {
  it('matches what Redis Cluster answers to CLUSTER KEYSLOT', () => {
    expect(hashSlot('foo')).toBe(12182);
    expect(hashSlot('hello')).toBe(866);
    expect(hashSlot('')).toBe(0);
  });

  it('hashes only the first non-empty hash tag', () => {
    expect(hashSlot('{user1000}.following')).toBe(hashSlot('user1000'));
    expect(hashSlot('a:{switchboard}:b')).toBe(hashSlot('switchboard'));
    expect(hashSlot('{}foo')).not.toBe(hashSlot('foo'));
    expect(hashSlot('x{a}{b}')).toBe(hashSlot('a'));
  });
});
