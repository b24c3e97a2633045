import { ExecutionContext, ForbiddenException, Logger } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { TwilioGateway } from '@app/twilio';
import { BadSignatureLimiter } from './bad-signature-limiter';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import type { WebhookSigningToken } from './webhook-signing-token';

const config = (publicBaseUrl?: string) =>
  ({ publicBaseUrl, twilio: { validateSignature: true, badSignaturesPerMinute: 1_000 } }) as unknown as AppConfig;
const gateway = { isValidSignature: () => false } as unknown as TwilioGateway;
const signingToken = { for: () => Promise.resolve('platform-token') } as unknown as WebhookSigningToken;

function context(host: string): ExecutionContext {
  const request = {
    url: '/twilio/inbound',
    ip: '203.0.113.9',
    routeOptions: { url: '/twilio/inbound' },
    headers: { host, 'x-twilio-signature': 'c2lnbmF0dXJl' },
    body: { From: '+15551230001', Body: 'hello' },
  };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

describe('TwilioSignatureGuard: what a rejection tells the operator', () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });
  afterEach(() => jest.restoreAllMocks());

  it('names the URL it checked, the Host the request came for, and PUBLIC_BASE_URL', async () => {
    const c = config('https://sms.example.com');
    const guard = new TwilioSignatureGuard(c, gateway, new BadSignatureLimiter(c), signingToken);
    await expect(guard.canActivate(context('abcd-1234.ngrok-free.app\r\nX: y'))).rejects.toThrow(ForbiddenException);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('checked against https://sms.example.com/twilio/inbound');
    expect(warnings[0]).toContain('Host abcd-1234.ngrok-free.appX:y');
    expect(warnings[0]).toContain('set PUBLIC_BASE_URL');
    // Never the form: numbers and bodies stay out of the log.
    expect(warnings[0]).not.toMatch(/15551230001|hello/);
  });

  it('warns at most once every 10 s under a flood, counting the rest', async () => {
    const c = config('https://sms.example.com');
    const guard = new TwilioSignatureGuard(c, gateway, new BadSignatureLimiter(c), signingToken);
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    for (let i = 0; i < 50; i++) await expect(guard.canActivate(context('x'))).rejects.toThrow(ForbiddenException);
    expect(warnings).toHaveLength(1);
    now.mockReturnValue(1_010_000);
    await expect(guard.canActivate(context('x'))).rejects.toThrow(ForbiddenException);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('(and 49 more since the last warning)');
  });

  it('says PUBLIC_BASE_URL is missing when it is', async () => {
    const c = config(undefined);
    const guard = new TwilioSignatureGuard(c, gateway, new BadSignatureLimiter(c), signingToken);
    warnings = [];
    await expect(guard.canActivate(context('x'))).rejects.toThrow(ForbiddenException);
    expect(warnings).toEqual([expect.stringContaining('PUBLIC_BASE_URL is not set')]);
  });
});
