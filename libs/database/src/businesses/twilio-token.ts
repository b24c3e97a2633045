import type { SecretBox } from '@app/common';

/** Where a Twilio auth token lives, with its business bound in: a sealed token copied to another business does not open. */
const context = (businessId: string) => `businesses.twilioAuthToken:${businessId}`;

export function sealTwilioToken(secrets: SecretBox, businessId: string, token: string): string {
  return secrets.seal(token, context(businessId));
}

/** Throws UnreadableSecretError when SECRETS_KEY (or SECRETS_KEY_PREVIOUS) does not open it. */
export function openTwilioToken(secrets: SecretBox, businessId: string, sealed: string): string {
  return secrets.open(sealed, context(businessId)).value;
}
