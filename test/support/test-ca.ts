/**
 * A certificate authority made for one test run (openssl), a server certificate it signs, and —
 * for the tests that need the operating system to trust it — its installation into Debian's
 * system store (/usr/local/share/ca-certificates + update-ca-certificates), undone afterwards.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface TestCertificates {
  /** The authority's certificate (PEM), to trust or not. */
  caPem: string;
  caPath: string;
  /** A server certificate for `hosts`, signed by the authority, and its key. */
  cert: string;
  key: string;
  /** Removes the temporary files. */
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0] ?? ''} failed (install the openssl package): ${stderr || String(error)}`);
  }
}

/** A fresh authority and a certificate for the given DNS names (and 127.0.0.1). */
export function makeTestCertificates(hosts: readonly string[]): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'concilia-test-ca-'));
  const id = randomBytes(4).toString('hex');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=Concilia Test CA ${id}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hosts[0] ?? 'localhost'}`], dir);
  const names = [...hosts.map((host) => `DNS:${host}`), 'IP:127.0.0.1'].join(',');
  writeFileSync(join(dir, 'server.ext'), `subjectAltName=${names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir);
  return {
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    caPath: join(dir, 'ca.pem'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const SYSTEM_CA_DIR = '/usr/local/share/ca-certificates';
const LINKS_DIR = '/etc/ssl/certs';
// Several test runs may share the machine: one store update at a time.
const LOCK = '/tmp/concilia-test-ca-store.lock';

function canSudo(): boolean {
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs a command as root: directly when we are root, else through password-less sudo (CI runners). */
function asRoot(command: string, args: readonly string[]): void {
  const [file, argv] = process.getuid?.() === 0 ? [command, args] : ['sudo', ['-n', command, ...args]];
  execFileSync(file, argv, { stdio: 'pipe' });
}

/** Fails with what to do when this machine cannot take a test authority into its store. */
export function assertSystemStoreWritable(): void {
  const root = process.getuid?.() === 0 || canSudo();
  if (process.platform !== 'linux' || !root || !existsSync(SYSTEM_CA_DIR)) {
    throw new Error(
      `This test installs a test certificate authority into the system store (${SYSTEM_CA_DIR} and update-ca-certificates), which needs Linux, root (or password-less sudo) and the ca-certificates package. Run it as root (CI does), or on Debian: apt-get install ca-certificates openssl.`,
    );
  }
}

function updateStore(): void {
  asRoot('flock', [LOCK, 'update-ca-certificates']);
}

/**
 * update-ca-certificates rebuilds the bundle without a removed authority but leaves its links in
 * /etc/ssl/certs (name.pem and the hash link to it) dangling; those are ours, so they go too.
 * (Not --fresh: that briefly empties the directory under every other process on the machine.)
 */
function removeLinks(crtPath: string): void {
  const pem = join(LINKS_DIR, `${basename(crtPath, '.crt')}.pem`);
  const ours = readdirSync(LINKS_DIR)
    .map((name) => join(LINKS_DIR, name))
    .filter((path) => {
      try {
        const target = readlinkSync(path);
        return target === crtPath || target === pem || join(LINKS_DIR, target) === pem;
      } catch {
        return false; // not a link
      }
    });
  if (ours.length > 0) asRoot('rm', ['-f', ...ours]);
}

/**
 * Puts the authority into the operating system's certificate store; returns the function that
 * takes it out again. Needs root and Debian's ca-certificates (the CI script installs them): a
 * test that depends on this fails with that message rather than skipping.
 */
export function trustInSystemStore(certificates: TestCertificates): () => void {
  assertSystemStoreWritable();
  const target = join(SYSTEM_CA_DIR, `concilia-test-${randomBytes(6).toString('hex')}.crt`);
  asRoot('cp', [certificates.caPath, target]);
  updateStore();
  return () => {
    asRoot('rm', ['-f', target]);
    updateStore();
    removeLinks(target);
  };
}
