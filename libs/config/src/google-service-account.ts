import { isLoopbackHost } from './loopback';

/** What Google's JWT flow needs of a service-account key file (the JSON Google Cloud hands out). */
export interface GoogleServiceAccount {
  client_email: string;
  private_key: string;
  /** Where its access tokens come from; Google's key files say https://oauth2.googleapis.com/token. */
  token_uri: string;
}

export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/**
 * A service-account key file's text as the credential, or the problem with it (a sentence that
 * starts with what is wrong, for a 400 or a refusal to start). Never echoes the key. A token_uri
 * may be http only on this machine (a test's fake): elsewhere it would carry the signed assertion
 * in the clear.
 */
export function parseGoogleServiceAccount(text: string): GoogleServiceAccount | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'must be the JSON text of a service-account key file' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { problem: 'must be the JSON text of a service-account key file (an object)' };
  const { client_email, private_key, token_uri } = parsed as Record<string, unknown>;
  if (typeof client_email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(client_email) || client_email.length > 320)
    return { problem: 'has no client_email (the service account’s address)' };
  if (typeof private_key !== 'string' || !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(private_key))
    return { problem: 'has no private_key (a PEM private key)' };
  const tokenUri = token_uri ?? GOOGLE_TOKEN_URI;
  if (typeof tokenUri !== 'string' || !allowedTokenUri(tokenUri))
    return { problem: 'has a token_uri that is not an https URL' };
  return { client_email, private_key, token_uri: tokenUri };
}

function allowedTokenUri(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}
