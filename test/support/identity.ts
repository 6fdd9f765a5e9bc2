/**
 * Identities for tests that run in one process: a real Ed25519 key made in memory for a named
 * test account ('test:ana'), the same key for the same name throughout the process. Tests that
 * need real operating-system accounts use os-accounts.ts instead.
 */
import { identityFromKey, newPrivateKeyPem, type Identity } from '../../electron/core/identity/index.ts';

const made = new Map<string, Identity>();

export function testIdentity(name = 'ana'): Identity {
  let identity = made.get(name);
  if (!identity) made.set(name, (identity = identityFromKey({ accountId: `test:${name}`, displayName: name }, newPrivateKeyPem())));
  return identity;
}
