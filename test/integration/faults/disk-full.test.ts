/**
 * No room to write: a full disk, and a cache folder the user may not write to. Either way the
 * user gets one sentence that says what happened, and the cache keeps exactly what it had.
 *
 * How each is produced, without root tricks that CI may not allow:
 * - Full disk: `PRAGMA max_page_count` caps the database at the pages it already has, on the very
 *   connection the sync writes through. SQLite then fails the first write needing a new page with
 *   SQLITE_FULL, the same error a full file system gives, through the same code path.
 * - Read-only folder: tests run as root here, and chmod does not stop root. So the command line
 *   runs as an unprivileged user (uid/gid of `nobody`) against a folder and file chmod'ed 0555/0444;
 *   when the tests run as an ordinary user, chmod alone does it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { realSleep, systemClock } from '../../../electron/core/deps.ts';
import { MemorySecretStore } from '../../../electron/core/secrets.ts';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { syncConnection } from '../../../electron/core/sync/index.ts';
import { FAST_LIMIT, billingFigures, cacheWithConnections, integrityCheck, portalEnv, portalFigures, runCli, tempDir } from './support.ts';
import { withStore } from '../../support/review-store.ts';

function snapshot(db: CacheDatabase): unknown {
  return {
    portal: portalFigures(db, 'acme'),
    billing: billingFigures(db, 'lms'),
    ok: db.prepare("SELECT window_start, window_end, row_count FROM sync_window WHERE status = 'ok' ORDER BY connection_id, window_start").all(),
    raw: db.prepare('SELECT count(*) AS n FROM raw_response').get(),
  };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** uid/gid of `nobody`, when this process may switch to it. */
function unprivilegedUser(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : null;
}

describe('no room to write', () => {
  let sandbox: Sandbox;
  const temp = tempDir('full');

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 47, rateLimit: FAST_LIMIT });
  });

  afterAll(async () => {
    await sandbox.close();
    chmodSync(temp.dir, 0o700);
    for (const entry of readdirSync(temp.dir)) chmodSync(join(temp.dir, entry), 0o700);
    temp.cleanup();
  });

  it('a full disk fails the sync with a clear message and leaves the cached figures as they were', async () => {
    const dbPath = join(temp.dir, 'full.sqlite');
    cacheWithConnections(dbPath, sandbox);
    const secrets = new MemorySecretStore();
    const credential = sandbox.credentials.portal.find((c) => c.tenant === 'acme-logistics' && c.hasReportPermission);
    await secrets.set('acme', 'token', credential?.token ?? '', sandbox.url);
    await secrets.set('acme', 'apiKey', credential?.apiKey ?? '', sandbox.url);
    await secrets.set('lms', 'apiKey', sandbox.credentials.payg.apiKey, sandbox.url);
    const db = openCache(dbPath);
    const deps = { db, reviews: withStore(db, systemClock).reviews, fetch: (input: string | URL, init?: RequestInit) => fetch(input, init), clock: systemClock, sleep: realSleep, secrets };
    try {
      for (const connection of ['acme', 'lms']) {
        const first = await syncConnection(deps, { connection, from: '2025-01-06', to: '2025-02-02', period: 'week', limiter: FAST_LIMIT });
        expect(first.outcome).toBe('ok');
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
      const before = snapshot(db);
      // The disk is now "full": no page beyond those the file has.
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);

      const messages: string[] = [];
      for (const connection of ['acme', 'lms']) {
        let outcome: string;
        try {
          const result = await syncConnection(deps, { connection, from: '2025-02-03', to: '2025-06-29', period: 'week', limiter: FAST_LIMIT });
          outcome = result.outcome;
          messages.push(...result.errors);
        } catch (error) {
          outcome = 'threw';
          messages.push(error instanceof Error ? error.message : String(error));
        }
        expect(outcome).not.toBe('ok');
      }
      expect(messages.length).toBeGreaterThan(0);
      // Every window that failed says why; the summary line after them says what to do.
      const windowErrors = messages.filter((m) => /^\d{4}-\d{2}-\d{2} to /.test(m));
      expect(windowErrors.length).toBeGreaterThan(0);
      for (const message of windowErrors) expect(message).toMatch(/full/i);
      for (const message of messages) expect(message).not.toMatch(/\bat \w+ \(|SQLITE_/);

      db.pragma('max_page_count = 1073741823');
      expect(integrityCheck(db)).toBe('ok');
      expect(snapshot(db)).toEqual(before);
    } finally {
      db.close();
    }
  }, 60_000);

  it('a read-only cache folder gives one clear line, and the file is not touched', async () => {
    const folder = join(temp.dir, 'locked');
    const dbPath = join(folder, 'cache.sqlite');
    cacheWithConnections(dbPath, sandbox);
    const before = sha256(dbPath);
    const user = unprivilegedUser();
    if (user) {
      // The unprivileged user may enter the temp folder but not write in `locked`.
      chmodSync(temp.dir, 0o755);
    }
    chmodSync(dbPath, 0o444);
    chmodSync(folder, 0o555);
    if (user) {
      // Prove the technique: the unprivileged user really cannot write there.
      expect(() => execFileSync('/usr/bin/touch', [join(folder, 'probe')], { uid: user.uid, gid: user.gid, stdio: 'pipe' })).toThrow();
    }
    const run = await runCli(['--db', dbPath, 'sync', 'acme', '--from', '2025-01-06', '--to', '2025-01-19', '--period', 'week'], portalEnv(sandbox), user ?? {});
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(run.stderr).toMatch(/read-?only|writable|cannot be opened/i);
    expect(run.stderr).toContain(dbPath);
    expect(sha256(dbPath)).toBe(before);
    expect(readdirSync(folder)).toEqual(['cache.sqlite']);
  }, 60_000);
});
