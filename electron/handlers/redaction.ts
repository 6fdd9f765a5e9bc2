/**
 * Remember every secret value that passes through the store in this process, so any text leaving
 * for the window (an error message, a library's complaint that echoes a header) can be scrubbed.
 * The values are in this process's memory anyway; this keeps them from travelling further.
 */
import type { SecretField } from '../core/secrets.ts';
import type { HostSecretStore, SetSecretOptions } from './types.ts';

export interface RedactingStore {
  store: HostSecretStore;
  redact(text: string): string;
}

export function redactingStore(inner: HostSecretStore): RedactingStore {
  const seen = new Set<string>();
  const remember = (value: string | undefined): void => {
    // Very short values would blank out ordinary words; real tokens and keys are long.
    if (value !== undefined && value.length >= 6) seen.add(value);
  };
  const store: HostSecretStore = {
    async get(name: string, field: SecretField) {
      const credential = await inner.get(name, field);
      remember(credential?.value);
      return credential;
    },
    async set(name: string, field: SecretField, value: string, url: string, options?: SetSecretOptions) {
      remember(value);
      await inner.set(name, field, value, url, options);
    },
    delete: (name: string, field?: SecretField) => inner.delete(name, field),
  };
  return {
    store,
    redact(text: string): string {
      let out = text;
      for (const value of seen) if (out.includes(value)) out = out.split(value).join('[redacted]');
      return out;
    },
  };
}
