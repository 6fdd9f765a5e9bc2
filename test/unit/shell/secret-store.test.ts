import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const ACME = 'https://acme.example.com/api';
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
    await store.set('acme', 'token', 'jwt-secret-value-123', ACME);
    await store.set('acme', 'apiKey', 'api-key-secret-456', ACME);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('jwt-secret-value-123');
    expect(onDisk).not.toContain('api-key-secret-456');
    const again = new SafeStorageSecretStore({ safeStorage, file, platform: 'linux' });
    expect(await again.get('acme', 'token')).toEqual({ value: 'jwt-secret-value-123', origin: 'https://acme.example.com' });
    await again.delete('acme', 'token');
    expect(await again.get('acme', 'token')).toBeUndefined();
    expect(await again.get('acme', 'apiKey')).toEqual({ value: 'api-key-secret-456', origin: 'https://acme.example.com' });
  });

  it('refuses to store on Linux basic_text unless the user accepted weaker protection', async () => {
    const file = tempFile();
    const store = new SafeStorageSecretStore({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), file, platform: 'linux' });
    expect(await store.protection()).toBe('basic_text');
    await expect(store.set('acme', 'apiKey', 'weak-secret-1', ACME)).rejects.toMatchObject({ kind: 'weak_protection' });
    expect(await store.get('acme', 'apiKey')).toBeUndefined();
    await store.set('acme', 'apiKey', 'weak-secret-1', ACME, { acceptWeakProtection: true });
    expect(await store.get('acme', 'apiKey')).toEqual({ value: 'weak-secret-1', origin: 'https://acme.example.com' });
  });

  it('re-encrypts when safeStorage says the key changed', async () => {
    const file = tempFile();
    const safeStorage = fakeSafeStorage();
    const store = new SafeStorageSecretStore({ safeStorage, file, platform: 'darwin' });
    await store.set('acme', 'token', 'rotating-secret', ACME);
    const before = readFileSync(file, 'utf8');
    safeStorage.rotate();
    expect(await store.get('acme', 'token')).toEqual({ value: 'rotating-secret', origin: 'https://acme.example.com' });
    const after = readFileSync(file, 'utf8');
    expect(after).not.toBe(before);
    const stored = (JSON.parse(after) as { entries: { acme: { token: string } } }).entries.acme.token;
    expect(Buffer.from(stored, 'base64').toString()).toMatch(/^v2:/);
  });

  it('keeps secrets in memory only when no encryption is available', async () => {
    const file = tempFile();
    const store = new SafeStorageSecretStore({ safeStorage: fakeSafeStorage({ available: false }), file, platform: 'linux' });
    expect(await store.protection()).toBe('memory');
    await store.set('acme', 'apiKey', 'memory-only-secret', ACME);
    expect(await store.get('acme', 'apiKey')).toEqual({ value: 'memory-only-secret', origin: 'https://acme.example.com' });
    expect(() => readFileSync(file, 'utf8')).toThrow();
  });

  it('binds each credential to its origin inside the encrypted payload', async () => {
    const file = tempFile();
    const safeStorage = fakeSafeStorage();
    const store = new SafeStorageSecretStore({ safeStorage, file, platform: 'linux' });
    await store.set('acme', 'apiKey', 'bound-secret-1', 'https://acme.example.com:8443/x');
    expect(await store.get('acme', 'apiKey')).toEqual({ value: 'bound-secret-1', origin: 'https://acme.example.com:8443' });
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('acme.example.com');
    // What is decrypted is {origin, value}: the origin travels with the value, under the OS key.
    const cipher = (JSON.parse(onDisk) as { entries: { acme: { apiKey: string } } }).entries.acme.apiKey;
    const decrypted = await safeStorage.decryptStringAsync(Buffer.from(cipher, 'base64'));
    expect(JSON.parse(decrypted.result)).toEqual({ origin: 'https://acme.example.com:8443', value: 'bound-secret-1' });
  });

  it('reads a credential stored without an origin (before the binding) as not set', async () => {
    const file = tempFile();
    const safeStorage = fakeSafeStorage();
    const legacy = (await safeStorage.encryptStringAsync('old-unbound-secret')).toString('base64');
    writeFileSync(file, JSON.stringify({ version: 1, entries: { acme: { apiKey: legacy } } }));
    const store = new SafeStorageSecretStore({ safeStorage, file, platform: 'linux' });
    expect(await store.get('acme', 'apiKey')).toBeUndefined();
  });

  it('finds nothing under names that are Object.prototype properties', async () => {
    const file = tempFile();
    writeFileSync(file, JSON.stringify({ version: 1, entries: {} }));
    const store = new SafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' });
    expect(await store.get('constructor', 'apiKey')).toBeUndefined();
    expect(await store.get('toString', 'token')).toBeUndefined();
    await expect(store.delete('constructor')).resolves.toBeUndefined();
  });
});
