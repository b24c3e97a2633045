import { ConfigError, loadConfig } from './app-config';
import { GOOGLE_TOKEN_URI, parseGoogleServiceAccount } from './google-service-account';

const KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ\n-----END PRIVATE KEY-----\n';
const file = (extra: object = {}) =>
  JSON.stringify({ type: 'service_account', client_email: 'sb@p.iam.gserviceaccount.com', private_key: KEY, ...extra });

describe('parseGoogleServiceAccount', () => {
  it("keeps what the JWT flow needs, Google's token endpoint unless the file names another", () => {
    expect(parseGoogleServiceAccount(file())).toEqual({
      client_email: 'sb@p.iam.gserviceaccount.com',
      private_key: KEY,
      token_uri: GOOGLE_TOKEN_URI,
    });
    expect(parseGoogleServiceAccount(file({ token_uri: 'http://127.0.0.1:9999/token' }))).toMatchObject({
      token_uri: 'http://127.0.0.1:9999/token',
    });
  });

  it('says what is wrong without echoing the key', () => {
    const cases: Array<[string, RegExp]> = [
      ['{', /JSON text/],
      ['[]', /an object/],
      [file({ client_email: 'nobody' }), /client_email/],
      [file({ private_key: 'secret-but-not-pem' }), /private_key/],
      [file({ token_uri: 'http://evil.example/token' }), /token_uri/],
      [file({ token_uri: 'ftp://x' }), /token_uri/],
    ];
    for (const [text, problem] of cases) {
      const parsed = parseGoogleServiceAccount(text);
      expect(parsed).toEqual({ problem: expect.stringMatching(problem) });
      expect(JSON.stringify(parsed)).not.toContain('secret-but-not-pem');
    }
  });

  it('is read from GOOGLE_SERVICE_ACCOUNT_JSON, and a bad one stops the start naming the variable', () => {
    const config = loadConfig({ GOOGLE_SERVICE_ACCOUNT_JSON: file(), GOOGLE_CALENDAR_ID: ' owner@example.com ' });
    expect(config.googleCalendar).toMatchObject({
      calendarId: 'owner@example.com',
      serviceAccount: { client_email: 'sb@p.iam.gserviceaccount.com' },
      rootUrl: 'https://www.googleapis.com/',
    });
    expect(loadConfig({}).googleCalendar).toMatchObject({ calendarId: null, serviceAccount: null });
    expect(loadConfig({ GOOGLE_API_ROOT_URL: 'http://127.0.0.1:1234' }).googleCalendar.rootUrl).toBe(
      'http://127.0.0.1:1234/',
    );
    let error: unknown;
    try {
      loadConfig({ GOOGLE_SERVICE_ACCOUNT_JSON: file({ private_key: 'secret-but-not-pem' }) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables).toEqual({
      GOOGLE_SERVICE_ACCOUNT_JSON: 'has no private_key (a PEM private key)',
    });
    expect((error as Error).message).not.toContain('secret-but-not-pem');
  });
});
