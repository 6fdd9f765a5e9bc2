/**
 * A cache file damaged on disk (pages overwritten behind SQLite's back): export and sign-off
 * refuse it with what to do, SQLite's "database disk image is malformed" never reaches anyone
 * untranslated, and `concilia backup` makes a copy that can be put back.
 */
import { copyFileSync, existsSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCacheInBackground, openCache } from '../../../electron/core/cache/index.ts';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { FAST_LIMIT, cacheWithConnections, portalEnv, portalFigures, runCli, tempDir } from './support.ts';

const RANGE = ['--from', '2025-01-01', '--to', '2025-02-28'];

/**
 * Overwrite the first bytes of `table`'s root page (its b-tree page header) in a copy of the
 * cache. The WAL is checkpointed first so every page is in the main file.
 */
function damage(source: string, target: string, table: string): void {
  const db = openCache(source);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(source, target);
  const raw = new BetterSqlite3(target, { readonly: true });
  const root = raw.prepare<[string], { rootpage: number }>("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)?.rootpage ?? 0;
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  raw.close();
  expect(root).toBeGreaterThan(1);
  const fd = openSync(target, 'r+');
  writeSync(fd, Buffer.alloc(16, 0xee), 0, 16, (root - 1) * pageSize);
  closeSync(fd);
}

describe('a damaged cache', () => {
  let sandbox: Sandbox;
  const temp = tempDir('damaged');
  let good: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 5, rateLimit: FAST_LIMIT });
    good = join(temp.dir, 'good.sqlite');
    cacheWithConnections(good, sandbox);
    const sync = await runCli(['--db', good, 'sync', 'acme', ...RANGE], portalEnv(sandbox));
    expect(sync.code, sync.stderr).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    temp.cleanup();
  });

  it('fails quick_check, so export and sign-off exit non-zero with what to do, though its figures still read', async () => {
    const path = join(temp.dir, 'damaged.sqlite');
    // rate_slot: a table no reconciliation reads, so only the check can tell.
    damage(good, path, 'rate_slot');
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma('quick_check', { simple: true })).not.toBe('ok');
    raw.close();

    const reconcile = await runCli(['--db', path, 'reconcile', 'acme', ...RANGE], {});
    expect(reconcile.code, reconcile.stderr).toBe(0);

    const out = join(temp.dir, 'refused.xlsx');
    const exported = await runCli(['--db', path, 'export', 'acme', ...RANGE, '--out', out], {});
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/^concilia export: The export was refused: the cache file is damaged \(SQLite's check (found|stopped).*\)\. Restore the latest backup/);
    expect(exported.stderr).toMatch(/or start a new cache with --db PATH/);
    expect(existsSync(out)).toBe(false);

    const signed = await runCli(['--db', path, 'signoff', 'acme', ...RANGE, '--role', 'preparer'], {});
    expect(signed.code).toBe(1);
    expect(signed.stderr).toMatch(/The sign-off was refused: the cache file is damaged .*Restore the latest backup/);
    const check = openCache(path);
    try {
      expect(check.prepare('SELECT count(*) AS n FROM signoff').get()).toEqual({ n: 0 });
    } finally {
      check.close();
    }

    // The app's check at start, off the main thread, sees the same.
    const fallback = openCache(good);
    try {
      const health = await checkCacheInBackground(path, fallback);
      expect(health.ok).toBe(false);
      expect(health.problems.length).toBeGreaterThan(0);
      expect((await checkCacheInBackground(good, fallback)).ok).toBe(true);
    } finally {
      fallback.close();
    }
  });

  it('translates "database disk image is malformed" into what to do', async () => {
    const path = join(temp.dir, 'malformed.sqlite');
    damage(good, path, 'portal_row');
    const reconcile = await runCli(['--db', path, 'reconcile', 'acme', ...RANGE], {});
    expect(reconcile.code).toBe(1);
    expect(reconcile.stderr.trim().split('\n')).toHaveLength(1);
    expect(reconcile.stderr).toMatch(/The cache file is damaged \(SQLite: "database disk image is malformed"\)\. Restore the latest backup/);
    expect(reconcile.stderr).not.toMatch(/SqliteError|\bat \w+ \(/);
  });

  it('concilia backup makes a checked copy that restores to the same figures, and will not back up a damaged file', async () => {
    const copy = join(temp.dir, 'copy.sqlite');
    const made = await runCli(['--db', good, 'backup', copy], {});
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/Backed up .* to .*copy\.sqlite \([\d.]+ MB\), checked sound/);
    expect((await runCli(['--db', good, 'backup', copy], {})).code).toBe(1);
    expect((await runCli(['--db', good, 'backup', copy, '--replace'], {})).code).toBe(0);

    // Restore: copy the backup over a cache file, with no -wal or -shm beside it.
    const restored = join(temp.dir, 'restored.sqlite');
    copyFileSync(copy, restored);
    const a = openCache(good);
    const b = openCache(restored);
    try {
      expect(b.pragma('quick_check', { simple: true })).toBe('ok');
      expect(portalFigures(b, 'acme')).toEqual(portalFigures(a, 'acme'));
      expect(portalFigures(b, 'acme').length).toBeGreaterThan(10);
      for (const table of ['sync_window', 'sync_run', 'raw_response', 'audit_log', 'connection']) {
        expect(b.prepare(`SELECT * FROM ${table} ORDER BY 1`).all(), table).toEqual(a.prepare(`SELECT * FROM ${table} ORDER BY 1`).all());
      }
    } finally {
      a.close();
      b.close();
    }
    const status = await runCli(['--db', restored, 'status', 'acme', '--json'], {});
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ windows: { ok: 2 }, covered: [{ from: '2025-01-01', to: '2025-02-28' }] });

    const damaged = join(temp.dir, 'damaged-source.sqlite');
    damage(good, damaged, 'rate_slot');
    const refused = await runCli(['--db', damaged, 'backup', join(temp.dir, 'bad-copy.sqlite')], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/failed SQLite's check .* so it was not kept/);
    expect(existsSync(join(temp.dir, 'bad-copy.sqlite'))).toBe(false);
  });
});
