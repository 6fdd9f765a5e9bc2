/**
 * A throwaway PostgreSQL cluster for the team tests: initdb in a temporary folder, started on a
 * free loopback port with password authentication, stopped and removed afterwards. It is started
 * once per test run (test/support/postgres-setup.ts, vitest's globalSetup of the `postgres`
 * project); each test file makes its own database and roles in it.
 *
 * PostgreSQL refuses to run as root, so as root (CI) the cluster runs as the `postgres` account
 * Debian's package creates (runuser); otherwise as the current user. Missing binaries fail with
 * what to install: these tests never skip.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  host: string;
  port: number;
  /** A superuser of the throwaway cluster (the tests' own "database administrator"). */
  adminUser: string;
  adminPassword: string;
  /** The PostgreSQL major version running. */
  version: number;
  binDir: string;
  /** Folder of the cluster's data (for the tests that stop and start the server). */
  dataDir: string;
}

const MIN_VERSION = 14;

/** The folder holding initdb and pg_ctl: pg_config's, else Debian's newest /usr/lib/postgresql/N/bin. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string {
  const candidates: string[] = [];
  if (env.CONCILIA_PG_BIN) candidates.push(env.CONCILIA_PG_BIN);
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (fromConfig.status === 0) candidates.push(fromConfig.stdout.trim());
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // Not Debian's layout.
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) {
    throw new Error(
      `PostgreSQL ${MIN_VERSION} or newer is needed for the team tests and was not found (no initdb and pg_ctl in pg_config --bindir or /usr/lib/postgresql/*/bin). ` +
        'Install it (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql), set CONCILIA_PG_BIN to its bin folder, or run bash .ci/run.',
    );
  }
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Run a PostgreSQL tool as the account the cluster belongs to. */
function runAs(owner: string | null, command: string, args: readonly string[]): { status: number | null; output: string } {
  const result = owner === null ? spawnSync(command, args, { encoding: 'utf8' }) : spawnSync('runuser', ['-u', owner, '--', command, ...args], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

function clusterOwner(): { name: string | null; uid: number; gid: number } {
  if (process.getuid?.() !== 0) return { name: null, uid: -1, gid: -1 };
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) {
    throw new Error('The team tests run as root, and PostgreSQL refuses to: create a `postgres` account (Debian\'s postgresql package does) or run them as another user.');
  }
  return { name: 'postgres', uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Start a cluster. `durable` keeps PostgreSQL's own commit guarantee (the tests that kill the
 * server mid-push need it); otherwise commits are not waited for, which is faster.
 */
export async function startCluster(options: { durable?: boolean } = {}): Promise<PostgresCluster & { stop: () => void }> {
  const binDir = findPostgresBin();
  const versionText = spawnSync(join(binDir, 'initdb'), ['--version'], { encoding: 'utf8' }).stdout;
  const version = Number(/(\d+)(?:\.\d+)?/.exec(versionText)?.[1] ?? 0);
  if (version < MIN_VERSION) throw new Error(`The team tests need PostgreSQL ${MIN_VERSION} or newer; found ${versionText.trim()} in ${binDir}.`);
  const owner = clusterOwner();
  const root = mkdtempSync(join(tmpdir(), 'concilia-pg-'));
  const dataDir = join(root, 'data');
  const adminUser = 'concilia_test_admin';
  const adminPassword = randomBytes(18).toString('base64url');
  const passwordFile = join(root, 'admin-password');
  writeFileSync(passwordFile, `${adminPassword}\n`, { mode: 0o600 });
  if (owner.name !== null) {
    chownSync(root, owner.uid, owner.gid);
    chownSync(passwordFile, owner.uid, owner.gid);
  }
  chmodSync(root, 0o700);
  const remove = (): void => rmSync(root, { recursive: true, force: true });
  const init = runAs(owner.name, join(binDir, 'initdb'), [
    '-D', dataDir, '-U', adminUser, `--pwfile=${passwordFile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync',
  ]);
  rmSync(passwordFile, { force: true });
  if (init.status !== 0) {
    remove();
    throw new Error(`initdb failed for the team tests' cluster:\n${init.output}`);
  }
  const port = await freePort();
  const serverOptions = `${serverFlags(root, port)}${options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'}`;
  const start = (): void => {
    const started = runAs(owner.name, join(binDir, 'pg_ctl'), ['-D', dataDir, '-l', join(root, 'server.log'), '-o', serverOptions, '-w', '-t', '60', 'start']);
    if (started.status !== 0) throw new Error(`pg_ctl could not start the team tests' cluster:\n${started.output}`);
  };
  try {
    start();
  } catch (error) {
    remove();
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    adminUser,
    adminPassword,
    version,
    binDir,
    dataDir,
    stop: () => {
      runAs(owner.name, join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      remove();
    },
  };
}

function serverFlags(root: string, port: number): string {
  return `-p ${port} -c listen_addresses=127.0.0.1 -k ${root} -c max_connections=60`;
}

/** Kill (immediate shutdown, as a crash) or start again a durable cluster: the tests of a server that dies mid-push. */
export function controlCluster(cluster: PostgresCluster, action: 'kill' | 'start'): void {
  const owner = clusterOwner();
  const root = join(cluster.dataDir, '..');
  const args =
    action === 'kill'
      ? ['-D', cluster.dataDir, '-m', 'immediate', '-w', 'stop']
      : ['-D', cluster.dataDir, '-l', join(root, 'server.log'), '-o', serverFlags(root, cluster.port), '-w', '-t', '60', 'start'];
  const result = runAs(owner.name, join(cluster.binDir, 'pg_ctl'), args);
  if (result.status !== 0) throw new Error(`pg_ctl ${action} failed:\n${result.output}`);
}

/**
 * The team's group roles belong to the cluster, not to a database: made once per cluster, so
 * that test files migrating their own databases side by side never race to create them.
 */
export async function createGroupRoles(cluster: PostgresCluster): Promise<void> {
  const admin = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.adminUser, password: cluster.adminPassword, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query('CREATE ROLE concilia_member NOLOGIN; CREATE ROLE concilia_auditor NOLOGIN');
  } finally {
    await admin.end();
  }
}
