/**
 * The business every row belonged to before there were businesses, with a fixed id so the
 * migration that created it and the code name it the same way. The environment
 * (TWILIO_DEFAULT_FROM, AI_*, QUIET_HOURS, ...) configures it; a deployment that never
 * creates a second business runs entirely in it.
 */
export const DEFAULT_BUSINESS_ID = '00000000-0000-0000-0000-000000000001';
export const DEFAULT_BUSINESS_SLUG = 'default';

/** A Twilio account's credentials: the platform's (TWILIO_ACCOUNT_SID), or a business's subaccount. */
export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}
