/**
 * Credentials never enter the cache, logs or error messages. The core asks this interface; the
 * desktop app implements it with Electron's safeStorage (electron/main/secret-store.ts), the
 * command line with environment variables read at each run (EnvSecretStore), tests with a Map.
 */
export type SecretField = 'token' | 'apiKey';

export interface SecretStore {
  get(connectionName: string, field: SecretField): Promise<string | undefined>;
  set(connectionName: string, field: SecretField, value: string): Promise<void>;
  delete(connectionName: string, field?: SecretField): Promise<void>;
}

/**
 * The command line's store: CONCILIA_TOKEN (portal JWT) and CONCILIA_API_KEY (portal X-API-Key,
 * or the PAYG Bearer key). Read-only by design: the CLI never writes a secret anywhere.
 */
export class EnvSecretStore implements SecretStore {
  private readonly env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv) {
    this.env = env;
  }

  get(_connectionName: string, field: SecretField): Promise<string | undefined> {
    const value = field === 'token' ? this.env.CONCILIA_TOKEN : this.env.CONCILIA_API_KEY;
    return Promise.resolve(value === '' ? undefined : value);
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
  private readonly values = new Map<string, string>();

  get(connectionName: string, field: SecretField): Promise<string | undefined> {
    return Promise.resolve(this.values.get(`${connectionName}\u0000${field}`));
  }

  set(connectionName: string, field: SecretField, value: string): Promise<void> {
    this.values.set(`${connectionName}\u0000${field}`, value);
    return Promise.resolve();
  }

  delete(connectionName: string, field?: SecretField): Promise<void> {
    for (const f of field ? [field] : (['token', 'apiKey'] as const)) this.values.delete(`${connectionName}\u0000${f}`);
    return Promise.resolve();
  }
}
