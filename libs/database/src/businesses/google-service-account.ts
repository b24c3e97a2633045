import type { SecretBox } from '@app/common';

/** Where a business's Google key lives, with its business bound in: a sealed key copied to another business does not open. */
const context = (businessId: string) => `businesses.googleServiceAccount:${businessId}`;

export function sealGoogleServiceAccount(secrets: SecretBox, businessId: string, json: string): string {
  return secrets.seal(json, context(businessId));
}

/** Throws UnreadableSecretError when SECRETS_KEY (or SECRETS_KEY_PREVIOUS) does not open it. */
export function openGoogleServiceAccount(secrets: SecretBox, businessId: string, sealed: string): string {
  return secrets.open(sealed, context(businessId)).value;
}
