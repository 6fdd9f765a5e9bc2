/**
 * Who does something in Concilia: an account of the operating system, proven by an Ed25519 key
 * only that account can read. Nothing typed decides it: the account comes from the system
 * (os-account.ts), the key from a file only its owner may read (key-file.ts) or, in the desktop
 * app, from the OS key store. An `Identity` is passed in like the clock; the review store signs
 * every change it records with it, and anyone can check those signatures with the public key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export interface Identity {
  /** The account, stable and never typed: 'posix:ana:1001', 'windows:LAPTOP-7\ana'. */
  readonly accountId: string;
  /** The name shown until the account picks another one (the account's user name). */
  readonly displayName: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  readonly publicKey: string;
  /** sha256 (hex) of the raw public key: how entries name the key that signed them. */
  readonly fingerprint: string;
  /** An Ed25519 signature of `bytes`, base64. */
  sign(bytes: Uint8Array): string;
}

/** sha256 (hex) of a raw public key given as base64. */
export function fingerprintOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex');
}

function rawPublicKey(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('The signing key is not an Ed25519 key.');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

/** An identity from an account and its private key (a KeyObject, or PKCS#8 PEM text). */
export function identityFromKey(account: { accountId: string; displayName: string }, privateKey: KeyObject | string): Identity {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('The signing key is not an Ed25519 key.');
  const publicKey = rawPublicKey(key);
  return {
    accountId: account.accountId,
    displayName: account.displayName,
    publicKey,
    fingerprint: fingerprintOf(publicKey),
    sign: (bytes) => sign(null, bytes, key).toString('base64'),
  };
}

/** A new Ed25519 private key, as PKCS#8 PEM text. */
export function newPrivateKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Whether `signature` (base64) is the Ed25519 signature of `bytes` by the raw public key (base64). */
export function verifySignature(publicKey: string, bytes: Uint8Array, signature: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') }, format: 'jwk' });
    return verify(null, bytes, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
