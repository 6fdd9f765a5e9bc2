/**
 * The desktop app's identity: the OS account, with a key the OS key store encrypts (a stand-in of
 * safeStorage's async contract, as in secret-store.test.ts), made once and the same afterwards.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../electron/core/identity/index.ts';
import { appIdentity } from '../../../electron/main/identity-key.ts';
import type { SafeStorageLike } from '../../../electron/main/secret-store.ts';

function fakeSafeStorage(): SafeStorageLike & { encrypted: number } {
  const storage = {
    encrypted: 0,
    isAsyncEncryptionAvailable: () => Promise.resolve(true),
    encryptStringAsync: (plain: string) => {
      storage.encrypted += 1;
      return Promise.resolve(Buffer.from(`v1:${Buffer.from(plain).reverse().toString('hex')}`));
    },
    decryptStringAsync: (cipher: Buffer) => Promise.resolve({ result: Buffer.from(cipher.toString().slice(3), 'hex').reverse().toString(), shouldReEncrypt: false }),
    getSelectedStorageBackend: () => 'gnome_libsecret',
  };
  return storage;
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the app identity', () => {
  it('is the OS account, signing with a key kept only as the OS key store\'s ciphertext', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concilia-app-key-'));
    temps.push(dir);
    const file = join(dir, 'signing-key.json');
    const safeStorage = fakeSafeStorage();
    const first = await appIdentity({ safeStorage, file, platform: 'linux' });
    const info = userInfo();
    expect(first.accountId).toBe(`posix:${info.username}:${info.uid}`);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('PRIVATE KEY');
    expect(statSync(file).mode & 0o077).toBe(0);
    const again = await appIdentity({ safeStorage, file, platform: 'linux' });
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(safeStorage.encrypted).toBe(1);
    const bytes = Buffer.from('a sign-off', 'utf8');
    expect(verifySignature(first.publicKey, bytes, again.sign(bytes))).toBe(true);
  });
});
