import { createHash } from 'node:crypto';

const hex32 = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 32);

/**
 * The built-in Twilio sandbox's credentials. They are public on purpose: the
 * sandbox sends nothing anywhere, and production refuses sandbox mode unless
 * ALLOW_SANDBOX_IN_PRODUCTION=true. Fixed, so `npm run sim` can sign webhooks.
 */
export const SANDBOX_ACCOUNT_SID = `AC${hex32('switchboard-sandbox-account')}`;
export const SANDBOX_AUTH_TOKEN = hex32('switchboard-sandbox-token');
/** Twilio's magic valid "From" test number. */
export const SANDBOX_DEFAULT_FROM = '+15005550006';
