/**
 * Secrets at rest (Slack bot tokens of OAuth installations): AES-256-GCM with a key from the environment
 * (WHIP_SECRET_KEY), never from the database, so a copy of the database alone does not give the tokens away.
 *
 * A sealed value is `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id (the first bytes of a hash
 * of the key, not the key) says which key sealed it, so a wrong key is one clear error rather than a bare
 * "unsupported state". The row's own identity is bound in as additional authenticated data: a sealed token cannot
 * be copied into another workspace's row and be accepted there.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** AES-256 takes a 32-byte key. */
export const SECRET_KEY_BYTES = 32;
/** GCM's standard 96-bit nonce; random per seal (2^32 seals per key stay far inside GCM's collision bound). */
const IV_BYTES = 12;
/** GCM's full 128-bit authentication tag. */
const TAG_BYTES = 16;
/** Bytes of SHA-256(key) naming the key in a sealed value: enough to tell keys apart, useless for guessing one. */
const KEY_ID_BYTES = 4;
const VERSION = 'v1';

/** Thrown when a sealed value cannot be opened: wrong key, tampered, or not a sealed value. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/**
 * The key as configured: 64 hex characters or base64 of 32 bytes (`openssl rand -hex 32` / `-base64 32`).
 * Undefined for anything else (the config check turns that into a clear line).
 */
export function parseSecretKey(text: string): Buffer | undefined {
  const s = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(s)) {
    const key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === SECRET_KEY_BYTES) return key;
  }
  return undefined;
}

export class SecretBox {
  private readonly key: Buffer;
  readonly keyId: string;

  constructor(key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new SecretBoxError(`the key must be ${SECRET_KEY_BYTES} bytes`);
    this.key = Buffer.from(key);
    this.keyId = createHash('sha256').update(this.key).digest().subarray(0, KEY_ID_BYTES).toString('base64url');
  }

  /** Encrypt `plain`, bound to `context` (e.g. the row's key). */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.keyId, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(
      '.',
    );
  }

  /** Decrypt a value sealed with this key and the same `context`; SecretBoxError otherwise. */
  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError('not a sealed value');
    const [, keyId, iv, tag, body] = parts as [string, string, string, string, string];
    if (keyId !== this.keyId) {
      throw new SecretBoxError(`sealed with another key (key id ${keyId}; WHIP_SECRET_KEY has key id ${this.keyId})`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('the sealed value was altered or belongs to another row');
    }
  }
}
