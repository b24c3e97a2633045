import { widgetOrigin, widgetOrigins } from './widget-origins';

describe('widgetOrigin', () => {
  it.each([
    ['https://shop.example', 'https://shop.example'],
    ['https://Shop.Example/', 'https://shop.example'],
    ['https://shop.example:443', 'https://shop.example'],
    ['https://shop.example:8443', 'https://shop.example:8443'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1', 'http://127.0.0.1'],
  ])('takes %s as %s', (value, origin) => expect(widgetOrigin(value)).toBe(origin));

  it.each([
    'http://shop.example',
    'https://shop.example/page',
    'https://shop.example?x=1',
    'https://shop.example#top',
    'https://user@shop.example',
    'ftp://shop.example',
    'shop.example',
    '*',
    'null',
    ' https://shop.example',
    `https://${'a'.repeat(200)}.example`,
  ])('refuses %s', (value) => expect(widgetOrigin(value)).toBeNull());

  it('names each bad item by its index and keeps each origin once', () => {
    const problems: string[] = [];
    expect(widgetOrigins(['https://a.example', 'nope', 'https://A.example/'], problems)).toEqual(['https://a.example']);
    expect(problems).toEqual([expect.stringMatching(/^widgetAllowedOrigins\.1 must be an origin/)]);
  });
});
