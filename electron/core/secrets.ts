/**
 * Credentials never enter the cache, logs or error messages, and are only ever sent to the origin
 * they were entered for. The core asks this interface; the desktop app implements it with
 * Electron's safeStorage (electron/main/secret-store.ts, the origin inside the encrypted payload),
 * the command line with environment variables read at each run (EnvSecretStore, bound to the
 * origin the connection was added with), tests with a Map.
 */
export type SecretField = 'token' | 'apiKey';

/** A credential and the origin (scheme://host:port) it was entered for. */
export interface Credential {
  readonly value: string;
  readonly origin: string;
}

export interface SecretStore {
  get(connectionName: string, field: SecretField): Promise<Credential | undefined>;
  /** `url` is the address the credential was entered for: only its origin is kept. */
  set(connectionName: string, field: SecretField, value: string, url: string): Promise<void>;
  delete(connectionName: string, field?: SecretField): Promise<void>;
}

/** A credential would go to an origin other than the one it was entered for: nothing was sent. */
export class CredentialOriginError extends Error {
  override name = 'CredentialOriginError';
}

/** The origin of an address, as browsers compare them: scheme, host and port (default ports dropped). */
export function originOf(url: string): string {
  return new URL(url).origin;
}

/** Throws CredentialOriginError unless `url` is on exactly `credentialOrigin`. */
export function assertCredentialOrigin(url: string, credentialOrigin: string): void {
  let target: string;
  try {
    target = originOf(url);
  } catch {
    throw new CredentialOriginError('The request address is not a valid web address; nothing was sent.');
  }
  if (target !== credentialOrigin) {
    throw new CredentialOriginError(
      `The credentials were entered for ${credentialOrigin}, not ${target}: nothing was sent. Enter the credentials again for the new address.`,
    );
  }
}

/**
 * The credential of a connection for a request to `baseUrl`: undefined when none is stored,
 * CredentialOriginError when the stored one was entered for another origin.
 */
export async function credentialFor(store: SecretStore, connectionName: string, field: SecretField, baseUrl: string): Promise<string | undefined> {
  const credential = await store.get(connectionName, field);
  if (credential === undefined) return undefined;
  const target = originOf(baseUrl);
  if (credential.origin !== target) {
    throw new CredentialOriginError(
      `The credentials of "${connectionName}" were entered for ${credential.origin}, but the connection now points at ${target}: nothing was sent there. ` +
        'Enter the credentials again in the connection (on the command line, check the address with concilia source list and change it only with concilia source set-url).',
    );
  }
  return credential.value;
}

/**
 * The command line's store: CONCILIA_TOKEN (portal JWT) and CONCILIA_API_KEY (portal X-API-Key,
 * or the PAYG Bearer key), bound to the origin each connection was added with (or last given by
 * `concilia source set-url`), which `originFor` reads from the cache. Read-only by design: the
 * CLI never writes a secret anywhere.
 */
export class EnvSecretStore implements SecretStore {
  private readonly env: NodeJS.ProcessEnv;
  private readonly originFor: (connectionName: string) => string | undefined;

  constructor(env: NodeJS.ProcessEnv, originFor: (connectionName: string) => string | undefined) {
    this.env = env;
    this.originFor = originFor;
  }

  get(connectionName: string, field: SecretField): Promise<Credential | undefined> {
    const value = field === 'token' ? this.env.CONCILIA_TOKEN : this.env.CONCILIA_API_KEY;
    if (value === undefined || value === '') return Promise.resolve(undefined);
    const origin = this.originFor(connectionName);
    return Promise.resolve(origin === undefined ? undefined : { value, origin });
  }

  set(): Promise<void> {
    return Promise.reject(new Error('The command line does not store credentials: set CONCILIA_TOKEN and CONCILIA_API_KEY in the environment.'));
  }

  delete(): Promise<void> {
    return Promise.resolve();
  }
}

/** In-memory store, for tests and the browser harness. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, Credential>();

  get(connectionName: string, field: SecretField): Promise<Credential | undefined> {
    return Promise.resolve(this.values.get(`${connectionName}\u0000${field}`));
  }

  set(connectionName: string, field: SecretField, value: string, url: string): Promise<void> {
    this.values.set(`${connectionName}\u0000${field}`, { value, origin: originOf(url) });
    return Promise.resolve();
  }

  delete(connectionName: string, field?: SecretField): Promise<void> {
    for (const f of field ? [field] : (['token', 'apiKey'] as const)) this.values.delete(`${connectionName}\u0000${f}`);
    return Promise.resolve();
  }
}
