import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { maskSecret, scrubSecrets, SecretBox, UnreadableSecretError } from './secret-box';

const CONTEXT = 'ai_config.apiKey';

describe('SecretBox', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('opens what it sealed, and the sealed form holds nothing of the value', () => {
    const box = new SecretBox(newKey);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (value) => {
        const sealed = box.seal(value, CONTEXT);
        expect(SecretBox.isSealed(sealed)).toBe(true);
        if (value.length >= 8) expect(sealed).not.toContain(value);
        expect(box.open(sealed, CONTEXT)).toEqual({ value, stale: false });
      }),
    );
  });

  it('seals the same value differently each time (a fresh IV)', () => {
    const box = new SecretBox(newKey);
    expect(box.seal('sk-same', CONTEXT)).not.toBe(box.seal('sk-same', CONTEXT));
  });

  it('rotates: the previous key still opens (stale), new seals use the current key', () => {
    const sealedBefore = new SecretBox(oldKey).seal('sk-rotating', CONTEXT);
    const rotated = new SecretBox(newKey, oldKey);
    expect(rotated.open(sealedBefore, CONTEXT)).toEqual({ value: 'sk-rotating', stale: true });
    const resealed = rotated.seal('sk-rotating', CONTEXT);
    expect(new SecretBox(newKey).open(resealed, CONTEXT)).toEqual({ value: 'sk-rotating', stale: false });
  });

  it('refuses a wrong key, an altered value and a value moved to another place', () => {
    const sealed = new SecretBox(oldKey).seal('sk-secret-value', CONTEXT);
    expect(() => new SecretBox(newKey).open(sealed, CONTEXT)).toThrow(UnreadableSecretError);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => new SecretBox(oldKey).open(parts.join('.'), CONTEXT)).toThrow(UnreadableSecretError);
    expect(() => new SecretBox(oldKey).open(sealed, 'businesses.twilioToken')).toThrow(UnreadableSecretError);
    expect(() => new SecretBox(oldKey).open('sk-plain', CONTEXT)).toThrow(UnreadableSecretError);
  });

  it('cannot seal without a key, and wants 32-byte keys', () => {
    expect(new SecretBox().canSeal).toBe(false);
    expect(() => new SecretBox().seal('x', CONTEXT)).toThrow();
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('scrubSecrets and maskSecret', () => {
  it('removes the given secrets and anything shaped like an OpenAI key', () => {
    const text = 'Incorrect API key provided: sk-live-abcdef123456. You can find your key at … (key my-own-token)';
    const scrubbed = scrubSecrets(text, ['sk-live-abcdef123456', 'my-own-token', null]);
    expect(scrubbed).not.toContain('abcdef123456');
    expect(scrubbed).not.toContain('my-own-token');
    expect(scrubSecrets('see sk-proj-XYZ987654321', [])).toBe('see sk-[redacted]');
  });

  it('shows at most the last four characters, and nothing of a short secret', () => {
    expect(maskSecret('sk-live-abcdef123456')).toBe('…3456');
    expect(maskSecret('short-key')).toBe('…');
    expect(maskSecret(null)).toBeNull();
  });
});
