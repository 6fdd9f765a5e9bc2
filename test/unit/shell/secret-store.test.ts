import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SafeStorageSecretStore, type SafeStorageLike } from '../../../electron/main/secret-store.ts';

// safeStorage needs Electron and an OS keychain, neither of which exists here. This stand-in
// keeps the same async contract (and a key that can "rotate") so the store's own logic is tested:
// the file format, the refusal on basic_text, re-encryption, and the in-memory fallback.
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  let keyVersion = 1;
  const storage: SafeStorageLike & { rotate(): void } = {
    isAsyncEncryptionAvailable: () => Promise.resolve(options.available ?? true),
    encryptStringAsync: (plain) => Promise.resolve(Buffer.from(`v${keyVersion}:${Buffer.from(plain).reverse().toString('hex')}`)),
    decryptStringAsync: (cipher) => {
      const [version, hex] = cipher.toString().split(':');
      return Promise.resolve({ result: Buffer.from(hex ?? '', 'hex').reverse().toString(), shouldReEncrypt: version !== `v${keyVersion}` });
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    rotate: () => {
      keyVersion += 1;
    },
  };
  return storage;
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'concilia-secrets-'));
  temps.push(dir);
  return join(dir, 'credentials.json');
}

describe('SafeStorageSecretStore', () => {
  it('keeps only ciphertext on disk, and reads it back after a restart', async () => {
    const file = tempFile();
    const safeStorage = fakeSafeStorage();
    const store = new SafeStorageSecretStore({ safeStorage, file, platform: 'linux' });
    expect(await store.protection()).toBe('os');
    await store.set('acme', 'token', 'jwt-secret-value-123');
    await store.set('acme', 'apiKey', 'api-key-secret-456');
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('jwt-secret-value-123');
    expect(onDisk).not.toContain('api-key-secret-456');
    const again = new SafeStorageSecretStore({ safeStorage, file, platform: 'linux' });
    expect(await again.get('acme', 'token')).toBe('jwt-secret-value-123');
    await again.delete('acme', 'token');
    expect(await again.get('acme', 'token')).toBeUndefined();
    expect(await again.get('acme', 'apiKey')).toBe('api-key-secret-456');
  });

  it('refuses to store on Linux basic_text unless the user accepted weaker protection', async () => {
    const file = tempFile();
    const store = new SafeStorageSecretStore({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), file, platform: 'linux' });
    expect(await store.protection()).toBe('basic_text');
    await expect(store.set('acme', 'apiKey', 'weak-secret-1')).rejects.toMatchObject({ kind: 'weak_protection' });
    expect(await store.get('acme', 'apiKey')).toBeUndefined();
    await store.set('acme', 'apiKey', 'weak-secret-1', { acceptWeakProtection: true });
    expect(await store.get('acme', 'apiKey')).toBe('weak-secret-1');
  });

  it('re-encrypts when safeStorage says the key changed', async () => {
    const file = tempFile();
    const safeStorage = fakeSafeStorage();
    const store = new SafeStorageSecretStore({ safeStorage, file, platform: 'darwin' });
    await store.set('acme', 'token', 'rotating-secret');
    const before = readFileSync(file, 'utf8');
    safeStorage.rotate();
    expect(await store.get('acme', 'token')).toBe('rotating-secret');
    const after = readFileSync(file, 'utf8');
    expect(after).not.toBe(before);
    const stored = (JSON.parse(after) as { entries: { acme: { token: string } } }).entries.acme.token;
    expect(Buffer.from(stored, 'base64').toString()).toMatch(/^v2:/);
  });

  it('keeps secrets in memory only when no encryption is available', async () => {
    const file = tempFile();
    const store = new SafeStorageSecretStore({ safeStorage: fakeSafeStorage({ available: false }), file, platform: 'linux' });
    expect(await store.protection()).toBe('memory');
    await store.set('acme', 'apiKey', 'memory-only-secret');
    expect(await store.get('acme', 'apiKey')).toBe('memory-only-secret');
    expect(() => readFileSync(file, 'utf8')).toThrow();
  });
});
