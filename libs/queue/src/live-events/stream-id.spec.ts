import { compareStreamIds, parseStreamId } from './stream-id';

describe('parseStreamId', () => {
  it.each(['0-0', '1718000000000-0', '1718000000000-17', '18446744073709551615-18446744073709551615'])(
    'keeps %s',
    (id) => expect(parseStreamId(id)).toBe(id),
  );

  it.each([
    undefined,
    '',
    '1718000000000',
    '1718000000000-',
    '-1',
    '01-0',
    '1-01',
    '1-0 ',
    '1-0\n',
    '1.5-0',
    '$',
    '+',
    '18446744073709551616-0',
    '9'.repeat(40) + '-0',
    ['1-0'],
  ])('refuses %p', (id) => expect(parseStreamId(id)).toBeNull());
});

describe('compareStreamIds', () => {
  it('orders by time, then by sequence, numerically', () => {
    expect(compareStreamIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareStreamIds('10-0', '9-5')).toBeGreaterThan(0);
    expect(compareStreamIds('5-2', '5-10')).toBeLessThan(0);
    expect(compareStreamIds('5-3', '5-3')).toBe(0);
    expect(compareStreamIds('18446744073709551615-1', '18446744073709551615-0')).toBeGreaterThan(0);
  });
});
