import { whyNotJson } from './json-bodies';

describe('whyNotJson', () => {
  it.each([
    ['cut short', '{"to": ', 'request body is not valid JSON: Unexpected end of JSON input'],
    ['a bare word', '{"to": x}', "request body is not valid JSON: Unexpected token 'x'"],
    [
      'single quotes',
      "{'to': 1}",
      "request body is not valid JSON: Expected property name or '}' in JSON at position 1",
    ],
    ['a long junk text', 'x'.repeat(300), "request body is not valid JSON: Unexpected token 'x'"],
    [
      'a long text with a bad key',
      `{"a": "${'y'.repeat(100)}", x}`,
      'request body is not valid JSON: Expected double-quoted property name',
    ],
  ])('gives JSON.parse’s reason for %s, without quoting the body back', (_label, body, reason) => {
    for (const text of [body, Buffer.from(body)]) {
      const message = whyNotJson(text);
      expect(message.startsWith(reason)).toBe(true);
      expect(message).not.toMatch(/is not valid JSON$|xxxxx|yyyyy/);
    }
  });

  it('names the keys Fastify refuses in otherwise valid JSON', () => {
    expect(whyNotJson('{"__proto__": {"admin": true}}')).toMatch(/must not contain a "__proto__" key/);
    expect(whyNotJson('{"constructor": {"prototype": {}}}')).toMatch(/"constructor" with a "prototype"/);
  });
});
