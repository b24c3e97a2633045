import { ConfigError, loadConfig } from './app-config';
import { isLoopbackHost } from './loopback';

describe('loadConfig', () => {
  it('has working defaults for a local run', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('postgresql://postgres@127.0.0.1:5432/switchboard');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
    expect(config.twilio.validateSignature).toBe(true);
    expect(config.maxReplyLength).toBe(1600);
    expect(config.adminApiKey).toBeUndefined();
  });

  it('logs JSON unless a person is reading: pretty on request, or on a terminal in development', () => {
    expect(loadConfig({}).logPretty).toBe(Boolean(process.stdout.isTTY));
    expect(
      loadConfig({ LOG_FORMAT: 'pretty', NODE_ENV: 'production', ALLOW_SANDBOX_IN_PRODUCTION: 'true' }).logPretty,
    ).toBe(true);
    expect(loadConfig({ LOG_FORMAT: 'json' }).logPretty).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).logPretty).toBe(false);
    expect(() => loadConfig({ LOG_FORMAT: 'fancy' })).toThrow(/LOG_FORMAT/);
  });

  it('reads a Redis Cluster’s nodes, or none', () => {
    expect(loadConfig({}).redisClusterNodes).toBeNull();
    expect(loadConfig({ REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis-b:7001 ,[::1]:7002' }).redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1' })).toThrow(
      /REDIS_CLUSTER_NODES.*"10.0.0.1" is not host:port/,
    );
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:70000' })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: ' , ' })).toThrow(/REDIS_CLUSTER_NODES/);
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgresql:\/\//);
    expect(() => loadConfig({ AI_TEMPERATURE: '3' })).toThrow(/AI_TEMPERATURE must be a number between 0 and 2/);
    expect(() => loadConfig({ CHAT_BOT_MODE: 'chatty' })).toThrow(/CHAT_BOT_MODE/);
    expect(() => loadConfig({ TWILIO_VALIDATE_SIGNATURE: 'maybe' })).toThrow(/TWILIO_VALIDATE_SIGNATURE/);
  });

  it('texts web chat codes to DEFAULT_COUNTRY numbers unless WIDGET_VERIFY_COUNTRIES lists others', () => {
    expect(loadConfig({}).widget.verify.countries).toEqual(['US']);
    expect(loadConfig({ DEFAULT_COUNTRY: 'pl' }).widget.verify.countries).toEqual(['PL']);
    expect(loadConfig({ WIDGET_VERIFY_COUNTRIES: ' us, ca ' }).widget.verify.countries).toEqual(['US', 'CA']);
    for (const bad of ['USA', ',', 'U1'])
      expect(() => loadConfig({ WIDGET_VERIFY_COUNTRIES: bad })).toThrow(/WIDGET_VERIFY_COUNTRIES must be two-letter/);
  });

  it('refuses a submitting timeout no longer than the Twilio timeout (a slow send would be sent twice)', () => {
    expect(() => loadConfig({ SUBMITTING_TIMEOUT_MS: '10000', TWILIO_TIMEOUT_MS: '10000' })).toThrow(
      /SUBMITTING_TIMEOUT_MS must be longer than TWILIO_TIMEOUT_MS \(10000\)/,
    );
    expect(
      loadConfig({ SUBMITTING_TIMEOUT_MS: '2000', TWILIO_TIMEOUT_MS: '1000' }).maintenance.submittingTimeoutMs,
    ).toBe(2000);
  });

  it('reads the dead-worker threshold and the settle delay, refusing values too small to mean anything', () => {
    expect(loadConfig({}).maintenance).toMatchObject({ workerDeadAfterMs: 5_000, reconcileSettleMs: 10_000 });
    expect(loadConfig({ WORKER_DEAD_AFTER_MS: '8000', RECONCILE_SETTLE_MS: '4000' }).maintenance).toMatchObject({
      workerDeadAfterMs: 8_000,
      reconcileSettleMs: 4_000,
    });
    expect(() => loadConfig({ WORKER_DEAD_AFTER_MS: '2999' })).toThrow(/WORKER_DEAD_AFTER_MS must be at least 3000/);
    expect(() => loadConfig({ RECONCILE_SETTLE_MS: '999' })).toThrow(/RECONCILE_SETTLE_MS must be at least 1000/);
  });

  it('reads the Twilio proxy and CA bundle at start-up, and names a bundle it cannot read', () => {
    expect(loadConfig({}).twilio).toMatchObject({ httpProxy: undefined, caBundle: undefined });
    expect(loadConfig({ HTTP_PROXY: 'http://proxy.internal:3128' }).twilio.httpProxy).toBe(
      'http://proxy.internal:3128',
    );
    expect(() => loadConfig({ HTTP_PROXY: 'not a url' })).toThrow(/HTTP_PROXY/);
    expect(loadConfig({ TWILIO_CA_BUNDLE: __filename }).twilio.caBundle).toBeInstanceOf(Buffer);
    expect(() => loadConfig({ TWILIO_CA_BUNDLE: '/nonexistent/ca.pem' })).toThrow(/TWILIO_CA_BUNDLE cannot be read/);
  });

  it('reads PRICE_PER_SEGMENT as decimal text (no cost estimate without it), and names a bad one', () => {
    expect(loadConfig({}).campaigns.pricePerSegment).toBeNull();
    expect(loadConfig({ PRICE_PER_SEGMENT: '0.0079' }).campaigns.pricePerSegment).toBe('0.0079');
    expect(loadConfig({ PRICE_PER_SEGMENT: ' 2 ' }).campaigns.pricePerSegment).toBe('2');
    for (const bad of ['-0.01', '1e-3', '.5', '0,0079', 'free', '0.00000000001', 'NaN', 'Infinity'])
      expect(() => loadConfig({ PRICE_PER_SEGMENT: bad })).toThrow(/PRICE_PER_SEGMENT must be a decimal number/);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', REDIS_URL: 'nope' });
      fail('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(Object.keys((error as ConfigError).variables).sort()).toEqual(['PORT', 'REDIS_URL']);
    }
  });

  it('runs the built-in sandbox when no Twilio account is configured', () => {
    const config = loadConfig({ PORT: '4100' });
    expect(config.twilio).toMatchObject({
      mode: 'sandbox',
      accountSid: expect.stringMatching(/^AC[0-9a-f]{32}$/),
      apiBaseUrl: 'http://127.0.0.1:4100/sandbox',
      defaultFrom: '+15005550006',
    });
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:4100');
    expect(loadConfig({ TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't' }).twilio).toMatchObject({
      mode: 'live',
      apiBaseUrl: undefined,
    });
  });

  it('requires PUBLIC_BASE_URL in production live mode: signatures are never checked against the request Host', () => {
    const live = { NODE_ENV: 'production', TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TWILIO_AUTH_TOKEN: 't' };
    expect(() => loadConfig(live)).toThrow(
      /^invalid configuration: PUBLIC_BASE_URL is required with NODE_ENV=production/,
    );
    expect(loadConfig({ ...live, PUBLIC_BASE_URL: 'https://sms.example.com/' }).publicBaseUrl).toBe(
      'https://sms.example.com',
    );
    // Outside production it may be unset (the API warns and refuses webhooks until it is set).
    expect(loadConfig({ ...live, NODE_ENV: 'development' }).publicBaseUrl).toBeUndefined();
  });

  describe('HOST', () => {
    const live = { TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't' };

    it('is 127.0.0.1 in sandbox mode (its credentials are public) and 0.0.0.0 in live mode', () => {
      expect(loadConfig({}).http.host).toBe('127.0.0.1');
      expect(loadConfig({ TWILIO_MODE: 'sandbox', ...live }).http.host).toBe('127.0.0.1');
      expect(loadConfig(live).http.host).toBe('0.0.0.0');
    });

    it('is what HOST says when set, in either mode', () => {
      expect(loadConfig({ HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
      expect(loadConfig({ ...live, HOST: '127.0.0.1' }).http.host).toBe('127.0.0.1');
    });

    it.each([
      ['127.0.0.1', true],
      ['127.1.2.3', true],
      ['localhost', true],
      ['::1', true],
      ['[::1]', true],
      ['::ffff:127.0.0.1', true],
      ['0.0.0.0', false],
      ['::', false],
      ['10.0.0.5', false],
      ['::ffff:10.0.0.5', false],
      ['api.example.com', false],
    ])('tells a loopback address (%s: %s) from an open one', (host, loopback) => {
      expect(isLoopbackHost(host)).toBe(loopback);
    });
  });

  it(".env.example's placeholder keys are refused in every environment, naming the variable", () => {
    expect(() => loadConfig({ ADMIN_API_KEY: 'replace-with-a-long-random-string' })).toThrow(
      /^invalid configuration: ADMIN_API_KEY is the placeholder from \.env\.example/,
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'replace-with-a-random-string-of-32-characters-or-more' })).toThrow(
      /METRICS_TOKEN is the placeholder/,
    );
    expect(loadConfig({ ADMIN_API_KEY: 'my-own-dev-key' }).adminApiKey).toBe('my-own-dev-key');
  });

  it('refuses sandbox mode in production unless asked explicitly', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TWILIO_MODE .*ALLOW_SANDBOX_IN_PRODUCTION/);
    expect(loadConfig({ NODE_ENV: 'production', ALLOW_SANDBOX_IN_PRODUCTION: 'true' }).twilio.mode).toBe('sandbox');
    expect(() => loadConfig({ TWILIO_MODE: 'live' })).toThrow(/TWILIO_ACCOUNT_SID is required when TWILIO_MODE=live/);
  });

  it('requires the auth token with an account SID', () => {
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC123' })).toThrow(/TWILIO_AUTH_TOKEN/);
  });

  it('parses bot keywords and trims the public base URL', () => {
    const config = loadConfig({
      BOT_KEYWORDS: 'hours=9-5|PRICE = cheap|broken',
      PUBLIC_BASE_URL: 'https://x.example/',
    });
    expect(config.bot.keywords).toEqual({ HOURS: '9-5', PRICE: 'cheap' });
    expect(config.publicBaseUrl).toBe('https://x.example');
  });

  describe('production secrets', () => {
    const production = { NODE_ENV: 'production', ALLOW_SANDBOX_IN_PRODUCTION: 'true' };
    const long = 'x'.repeat(32);

    it('refuses an ADMIN_API_KEY or METRICS_TOKEN under 32 characters in production, naming it, not its value', () => {
      expect(() => loadConfig({ ...production, ADMIN_API_KEY: 'a' })).toThrow(
        /^invalid configuration: ADMIN_API_KEY must be at least 32 characters with NODE_ENV=production \(it has 1\)/,
      );
      expect(() => loadConfig({ ...production, ADMIN_API_KEY: long, METRICS_TOKEN: 'short-token' })).toThrow(
        /METRICS_TOKEN must be at least 32 characters/,
      );
      expect(() => loadConfig({ ...production, ADMIN_API_KEY: 'x'.repeat(31) })).toThrow(/ADMIN_API_KEY/);
      try {
        loadConfig({ ...production, ADMIN_API_KEY: 'my-secret' });
      } catch (error) {
        expect((error as Error).message).not.toContain('my-secret');
      }
    });

    it('accepts long ones, and unset ones (the admin API is then off)', () => {
      expect(loadConfig({ ...production, ADMIN_API_KEY: long, METRICS_TOKEN: long }).adminApiKey).toBe(long);
      expect(loadConfig(production).adminApiKey).toBeUndefined();
    });

    it('leaves short keys alone outside production', () => {
      expect(loadConfig({ ADMIN_API_KEY: 'a', METRICS_TOKEN: 'b' }).adminApiKey).toBe('a');
    });
  });

  describe('TRUST_PROXY', () => {
    it('is off by default', () => {
      expect(loadConfig({}).http.trustProxy).toBe(false);
    });

    it('takes a hop count or a list of addresses and CIDR ranges, as Fastify does', () => {
      expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
      expect(loadConfig({ TRUST_PROXY: '0' }).http.trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,::1,fd00::/8' }).http.trustProxy).toEqual([
        '10.0.0.0/8',
        '192.168.1.7',
        '::1',
        'fd00::/8',
      ]);
      expect(loadConfig({ TRUST_PROXY: 'loopback,uniquelocal' }).http.trustProxy).toEqual(['loopback', 'uniquelocal']);
    });

    it('names a bad value in one line', () => {
      for (const bad of ['yes', 'true', '-1', '1.5', '10.0.0.0/33', '300.1.1.1', '10.0.0.0/8,,', 'example.com']) {
        expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/^invalid configuration: TRUST_PROXY /);
      }
    });
  });

  describe('HTTP timeouts', () => {
    it('has defaults', () => {
      expect(loadConfig({}).http.timeouts).toEqual({
        requestMs: 30_000,
        headersMs: 10_000,
        keepAliveMs: 72_000,
        idleMs: 120_000,
      });
    });

    it('refuses a headers timeout longer than the request timeout', () => {
      expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' })).toThrow(
        /HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS \(5000\)/,
      );
    });
  });
});
