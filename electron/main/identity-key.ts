/**
 * The desktop app's identity: the operating-system account running it, and an Ed25519 key kept
 * encrypted by the OS key store (Electron safeStorage: Keychain, DPAPI, libsecret/KWallet) in the
 * user-data folder, made on first start. Where the OS offers no real key store (no encryption, or
 * Linux's basic_text fallback), the key lives in the same owner-only key file the command line
 * uses, which protects it at least as well. safeStorage is a parameter, so this file has no
 * `electron` import.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { defaultKeyPath, identityFromKey, loadOrCreateKeyFile, newPrivateKeyPem, osAccount, type Identity } from '../core/identity/index.ts';
import type { SafeStorageLike } from './secret-store.ts';

interface KeyFile {
  version: 1;
  /** base64 of safeStorage's ciphertext of the PKCS#8 PEM private key. */
  encrypted: string;
}

export async function appIdentity(options: { safeStorage: SafeStorageLike; file: string; platform: NodeJS.Platform }): Promise<Identity> {
  const account = osAccount(options.platform);
  const who = { accountId: account.accountId, displayName: account.userName };
  const osProtected =
    (await options.safeStorage.isAsyncEncryptionAvailable()) && !(options.platform === 'linux' && options.safeStorage.getSelectedStorageBackend?.() === 'basic_text');
  if (!osProtected) return identityFromKey(who, loadOrCreateKeyFile(defaultKeyPath()));
  const stored = readKeyFile(options.file);
  if (stored !== null) {
    const { result, shouldReEncrypt } = await options.safeStorage.decryptStringAsync(Buffer.from(stored.encrypted, 'base64'));
    if (shouldReEncrypt) await write(options, result);
    return identityFromKey(who, result);
  }
  const pem = newPrivateKeyPem();
  await write(options, pem);
  return identityFromKey(who, pem);
}

async function write(options: { safeStorage: SafeStorageLike; file: string }, pem: string): Promise<void> {
  const body: KeyFile = { version: 1, encrypted: (await options.safeStorage.encryptStringAsync(pem)).toString('base64') };
  await writeFile(options.file, JSON.stringify(body), { mode: 0o600 });
}

function readKeyFile(file: string): KeyFile | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const value = JSON.parse(text) as Partial<KeyFile>;
  if (value.version !== 1 || typeof value.encrypted !== 'string') throw new Error(`${file} is not a Concilia signing key file; move it away to make a new key.`);
  return { version: 1, encrypted: value.encrypted };
}
