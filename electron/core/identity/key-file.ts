/**
 * The command line's (and the browser harness's) signing key: an Ed25519 private key in a PEM
 * file in the user's config folder, created on first use, readable by its owner only. A file
 * another account could read is refused rather than used, as ssh refuses such a key: a key others
 * can read proves nothing about who signed. (The desktop app keeps its key encrypted by the OS
 * key store instead; see electron/main/identity-key.ts.)
 */
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { IdentityError } from './errors.ts';
import { identityFromKey, newPrivateKeyPem, type Identity } from './identity.ts';
import { osAccount } from './os-account.ts';

/** ~/.config/concilia/keys/ed25519.pem (Linux), the Application Support and AppData equivalents elsewhere. */
export function defaultKeyPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  let base: string;
  if (platform === 'darwin') base = join(home, 'Library', 'Application Support');
  else if (platform === 'win32') base = env.APPDATA ?? join(home, 'AppData', 'Roaming');
  else base = env.XDG_CONFIG_HOME ?? join(home, '.config');
  return join(base, 'concilia', 'keys', 'ed25519.pem');
}

/** The private key in `path`, created (0600, in a 0700 folder) when there is none yet. */
export function loadOrCreateKeyFile(path: string, platform: NodeJS.Platform = process.platform): string {
  try {
    const created = createKeyFile(path);
    if (created !== null) return created;
  } catch (error) {
    throw new IdentityError(`Concilia cannot create your signing key at ${path}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (platform !== 'win32') {
    const stat = statSync(path);
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
      throw new IdentityError(`Your signing key ${path} belongs to another account; Concilia will not sign with it. Move it away and a new key is made for you.`);
    }
    if ((stat.mode & 0o077) !== 0) {
      throw new IdentityError(`Your signing key ${path} can be read by other accounts, so it no longer proves who signed. Make it yours alone (chmod 600 ${path}) or move it away to get a new key.`);
    }
  }
  return readFileSync(path, 'utf8');
}

/** Writes a new key unless the file exists (then null); exclusive create, so two processes never overwrite each other. */
function createKeyFile(path: string): string | null {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  const pem = newPrivateKeyPem();
  try {
    writeSync(fd, pem);
  } finally {
    closeSync(fd);
  }
  // Whatever the umask made of it.
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return pem;
}

/** The identity of the account running this process, signing with its key file. */
export function osIdentity(keyPath: string = defaultKeyPath()): Identity {
  const account = osAccount();
  return identityFromKey({ accountId: account.accountId, displayName: account.userName }, loadOrCreateKeyFile(keyPath));
}
