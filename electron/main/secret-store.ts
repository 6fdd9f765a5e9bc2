/**
 * The desktop app's SecretStore: Electron's safeStorage (async API) encrypts each credential with
 * a key held by the OS (Keychain, DPAPI, libsecret/KWallet); the ciphertexts live in a JSON file
 * in the user-data folder, never in the cache. What is encrypted is the credential together with
 * the origin it was entered for ({"origin","value"}), so the binding cannot be changed without
 * the OS key: a cache or credentials file edited to point elsewhere yields a credential whose
 * origin no longer matches, and nothing is sent (credentials stored before the binding existed
 * read as not set, and are asked for again). On Linux without a keyring safeStorage falls back
 * to `basic_text` (a fixed key: obfuscation, not protection), so storing there needs the user's
 * explicit acceptance. Where no encryption is available at all, secrets stay in memory for the
 * session only.
 * safeStorage is a parameter (SafeStorageLike), so this file has no `electron` import.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { originOf, type Credential, type SecretField } from '../core/secrets.ts';
import { ContractError, type SecretProtection } from '../contract/index.ts';
import type { HostSecretStore, SetSecretOptions } from '../handlers/index.ts';

/** The parts of Electron 45's safeStorage used here (the synchronous calls are deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

interface FileShape {
  version: 1;
  /** connection name -> field -> base64 ciphertext */
  entries: Record<string, Partial<Record<SecretField, string>>>;
}

export class SafeStorageSecretStore implements HostSecretStore {
  private readonly safeStorage: SafeStorageLike;
  private readonly file: string;
  private readonly platform: NodeJS.Platform;
  private readonly memory = new Map<string, Credential>();
  private data: FileShape;
  /** Writes are queued so two quick changes cannot interleave their renames. */
  private writing: Promise<void> = Promise.resolve();

  constructor(options: { safeStorage: SafeStorageLike; file: string; platform: NodeJS.Platform }) {
    this.safeStorage = options.safeStorage;
    this.file = options.file;
    this.platform = options.platform;
    this.data = readStore(options.file);
  }

  async protection(): Promise<SecretProtection> {
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) return 'memory';
    if (this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') return 'basic_text';
    return 'os';
  }

  async get(name: string, field: SecretField): Promise<Credential | undefined> {
    const inMemory = this.memory.get(memoryKey(name, field));
    if (inMemory !== undefined) return inMemory;
    const entry = Object.hasOwn(this.data.entries, name) ? this.data.entries[name] : undefined;
    const encoded = entry !== undefined && Object.hasOwn(entry, field) ? entry[field] : undefined;
    if (encoded === undefined) return undefined;
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.safeStorage.decryptStringAsync(Buffer.from(encoded, 'base64'));
    } catch {
      // The OS key changed (another user profile, a reset keyring): the value is unreadable,
      // which the window shows as "not set" so the user enters it again.
      return undefined;
    }
    const credential = parsePayload(decrypted.result);
    if (credential === undefined) return undefined;
    if (decrypted.shouldReEncrypt) {
      await this.writeEntry(name, field, (await this.safeStorage.encryptStringAsync(decrypted.result)).toString('base64'));
    }
    return credential;
  }

  async set(name: string, field: SecretField, value: string, url: string, options: SetSecretOptions = {}): Promise<void> {
    const credential: Credential = { origin: originOf(url), value };
    const protection = await this.protection();
    if (protection === 'memory') {
      this.memory.set(memoryKey(name, field), credential);
      return;
    }
    if (protection === 'basic_text' && options.acceptWeakProtection !== true) {
      throw new ContractError('weak_protection', 'This computer has no keyring, so the credentials could only be obfuscated. They were not stored.');
    }
    const cipher = await this.safeStorage.encryptStringAsync(JSON.stringify(credential));
    await this.writeEntry(name, field, cipher.toString('base64'));
  }

  async delete(name: string, field?: SecretField): Promise<void> {
    const fields: SecretField[] = field ? [field] : ['token', 'apiKey'];
    for (const f of fields) this.memory.delete(memoryKey(name, f));
    const entry = Object.hasOwn(this.data.entries, name) ? this.data.entries[name] : undefined;
    if (!entry) return;
    const next = { ...entry };
    for (const f of fields) delete next[f];
    const entries = { ...this.data.entries };
    if (Object.keys(next).length === 0) delete entries[name];
    else entries[name] = next;
    this.data = { version: 1, entries };
    await this.flush();
  }

  private async writeEntry(name: string, field: SecretField, cipher: string): Promise<void> {
    this.data = { version: 1, entries: { ...this.data.entries, [name]: { ...this.data.entries[name], [field]: cipher } } };
    await this.flush();
  }

  private flush(): Promise<void> {
    const snapshot = JSON.stringify(this.data);
    const file = this.file;
    this.writing = this.writing.then(async () => {
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.tmp`;
      await writeFile(temp, snapshot, { encoding: 'utf8', mode: 0o600 });
      await rename(temp, file);
    });
    return this.writing;
  }
}

/** The decrypted {"origin","value"}; undefined for anything else (a value stored unbound, damage). */
function parsePayload(text: string): Credential | undefined {
  try {
    const parsed = JSON.parse(text) as { origin?: unknown; value?: unknown } | null;
    if (typeof parsed?.origin === 'string' && typeof parsed.value === 'string' && parsed.origin === originOf(parsed.origin)) {
      return { origin: parsed.origin, value: parsed.value };
    }
  } catch {
    // Not ours: treated as not set.
  }
  return undefined;
}

function memoryKey(name: string, field: SecretField): string {
  return `${name}\u0000${field}`;
}

function readStore(file: string): FileShape {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<FileShape>;
    if (parsed.version === 1 && typeof parsed.entries === 'object' && parsed.entries !== null) return { version: 1, entries: parsed.entries };
  } catch {
    // Missing or unreadable: start empty (the window shows credentials as not set).
  }
  return { version: 1, entries: {} };
}
