import { mediaUrlsProblem } from './media-urls';

describe('mediaUrlsProblem', () => {
  const https = 'https://example.com/a.jpg';
  const http = 'http://127.0.0.1:8080/a.jpg';

  it('takes https URLs, and none', () => {
    expect(mediaUrlsProblem([https, 'HTTPS://example.com/b.png'], false)).toBeNull();
    expect(mediaUrlsProblem(undefined, false)).toBeNull();
    expect(mediaUrlsProblem([], false)).toBeNull();
  });

  it('refuses plain http outside sandbox mode, naming the first by index', () => {
    expect(mediaUrlsProblem([https, http, http], false)).toBe(
      'mediaUrls.1 must be https (http is accepted in sandbox mode only)',
    );
  });

  it('takes plain http in sandbox mode', () => {
    expect(mediaUrlsProblem([http], true)).toBeNull();
  });
});
