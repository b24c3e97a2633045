import { allowedMediaRedirect, twilioMediaTarget } from './twilio-media-url';

const AC = `AC${'a'.repeat(32)}`;
const OTHER = `AC${'b'.repeat(32)}`;
const PATH = `/2010-04-01/Accounts/${AC}/Messages/MM${'1'.repeat(32)}/Media/ME${'2'.repeat(32)}`;
const TWILIO = `https://api.twilio.com${PATH}`;

describe('twilioMediaTarget', () => {
  it("takes the account's own media URL at api.twilio.com as it is", () => {
    expect(twilioMediaTarget(TWILIO, AC)?.href).toBe(TWILIO);
  });

  it('moves it to the configured API base, path prefix kept', () => {
    expect(twilioMediaTarget(TWILIO, AC, 'http://127.0.0.1:4010')?.href).toBe(`http://127.0.0.1:4010${PATH}`);
    expect(twilioMediaTarget(TWILIO, AC, 'http://127.0.0.1:3000/sandbox/')?.href).toBe(
      `http://127.0.0.1:3000/sandbox${PATH}`,
    );
  });

  it('takes the same path under the configured base itself', () => {
    expect(twilioMediaTarget(`http://127.0.0.1:4010${PATH}`, AC, 'http://127.0.0.1:4010')?.href).toBe(
      `http://127.0.0.1:4010${PATH}`,
    );
    expect(twilioMediaTarget(`http://127.0.0.1:3000/sandbox${PATH}`, AC, 'http://127.0.0.1:3000/sandbox')?.href).toBe(
      `http://127.0.0.1:3000/sandbox${PATH}`,
    );
  });

  it.each([
    ['another account', TWILIO.replace(AC, OTHER)],
    ['another host', `https://evil.example${PATH}`],
    ['a twilio.com lookalike', `https://api.twilio.com.evil.example${PATH}`],
    ['another Twilio host', `https://media.twilio.com${PATH}`],
    ['plain http', `http://api.twilio.com${PATH}`],
    ['another port', `https://api.twilio.com:8443${PATH}`],
    ['credentials', `https://user:pass@api.twilio.com${PATH}`],
    ['a query', `${TWILIO}?x=1`],
    ['a fragment', `${TWILIO}#x`],
    ['not a media path', `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages.json`],
    ['a path climbing out', `https://api.twilio.com/2010-04-01/Accounts/${AC}/../../x${PATH}`],
    ['extra after the media SID', `${TWILIO}/x`],
    ['an encoded path', TWILIO.replace('/Media/', '/Media%2F')],
    ['not a URL', 'media/1'],
    ['too long', `${TWILIO}${'a'.repeat(2_100)}`],
    ['the base without its prefix', `http://127.0.0.1:3000${PATH}`],
  ])('refuses %s', (_what, url) => {
    expect(twilioMediaTarget(url, AC, url.includes('127.0.0.1') ? 'http://127.0.0.1:3000/sandbox' : null)).toBeNull();
  });

  it('refuses the base origin when no base is configured', () => {
    expect(twilioMediaTarget(`http://127.0.0.1:4010${PATH}`, AC)).toBeNull();
  });
});

describe('allowedMediaRedirect', () => {
  it('follows https anywhere and http only back to the configured base', () => {
    expect(allowedMediaRedirect(new URL('https://s3-external-1.amazonaws.com/media.twiliocdn.com/x'))).toBe(true);
    expect(allowedMediaRedirect(new URL('http://169.254.169.254/latest/meta-data'))).toBe(false);
    expect(allowedMediaRedirect(new URL('http://127.0.0.1:4010/cdn/x'), 'http://127.0.0.1:4010')).toBe(true);
    expect(allowedMediaRedirect(new URL('http://127.0.0.1:4011/cdn/x'), 'http://127.0.0.1:4010')).toBe(false);
    expect(allowedMediaRedirect(new URL('https://u:p@cdn.example/x'))).toBe(false);
  });
});
