import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** What a sealed value starts with, so a sealed value is never mistaken for a key stored before sealing existed. */
const PREFIX = 'sb1';

export interface OpenedSecret {
  value: string;
  /** Sealed with the previous key: write it again to re-seal it with the current one. */
  stale: boolean;
}

/** A sealed value that no key at hand opens (a wrong or missing SECRETS_KEY), or one that was tampered with. */
export class UnreadableSecretError extends Error {
  constructor(reason: string) {
    super(`a stored secret cannot be read: ${reason}`);
    this.name = 'UnreadableSecretError';
  }
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('base64url').slice(0, 8);

/**
 * Secrets at rest (API keys, later Twilio subaccount tokens): AES-256-GCM under a
 * 32-byte key, a fresh 12-byte IV each time, and `context` (where the value lives,
 * e.g. `ai_config.apiKey`) bound in as associated data, so a sealed value copied to
 * another column does not open. Sealed form: `sb1.<key id>.<iv>.<tag>.<ciphertext>`,
 * base64url parts. Rotation: values sealed with `previous` still open (reported
 * stale), and every seal uses `current`.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string | null;

  constructor(current?: Buffer, previous?: Buffer) {
    for (const key of [current, previous]) {
      if (key && key.length !== 32) throw new Error('a secrets key must be 32 bytes');
      if (key) this.keys.set(keyId(key), key);
    }
    this.currentId = current ? keyId(current) : null;
  }

  /** Whether there is a key to seal with (SECRETS_KEY is set). */
  get canSeal(): boolean {
    return this.currentId !== null;
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${PREFIX}.`);
  }

  seal(value: string, context: string): string {
    if (!this.currentId) throw new Error('no secrets key to seal with');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    cipher.setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url'));
    return [PREFIX, this.currentId, ...parts].join('.');
  }

  open(sealed: string, context: string): OpenedSecret {
    const [prefix, id, iv, tag, ciphertext, ...rest] = sealed.split('.');
    if (prefix !== PREFIX || !ciphertext || rest.length) throw new UnreadableSecretError('not a sealed value');
    const key = this.keys.get(id);
    if (!key) throw new UnreadableSecretError('sealed with a key that is neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const value = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
      return { value: value.toString('utf8'), stale: id !== this.currentId };
    } catch {
      throw new UnreadableSecretError('it does not authenticate (altered, or sealed for another place)');
    }
  }
}

/**
 * A text (an upstream error, a log line) with every given secret replaced by `[redacted]`,
 * and anything shaped like an OpenAI key too: providers echo the key they were sent.
 */
export function scrubSecrets(text: string, secrets: Array<string | null | undefined>): string {
  let scrubbed = text;
  for (const secret of secrets) if (secret && secret.length >= 4) scrubbed = scrubbed.split(secret).join('[redacted]');
  return scrubbed.replace(/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-[redacted]');
}

/** A secret as a response may show it: its last four characters at most, nothing of a short one. */
export function maskSecret(secret: string | null): string | null {
  if (!secret) return null;
  return secret.length >= 12 ? `…${secret.slice(-4)}` : '…';
}
