/**
 * The app and the command line on one cache at the same time. SQLite serialises writers; what
 * must hold on top: neither corrupts the file, no write of either is lost, a short wait is
 * absorbed by the busy timeout, and a wait past it ends in a sentence that says what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCache } from '../../../electron/core/cache/index.ts';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import {
  FAST_LIMIT,
  ROOT,
  cacheWithConnections,
  duplicatePortalRows,
  expectedPortalFigures,
  integrityCheck,
  portalEnv,
  portalFigures,
  runCli,
  tempDir,
  withoutApprovalRate,
} from './support.ts';

const USER = fileURLToPath(new URL('./cache-user.ts', import.meta.url));
const FROM = '2025-01-06';
const TO = '2025-06-29';

/** Start the other process and wait until it says it holds what it should. */
function startUser(args: string[]): { ready: Promise<void>; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', USER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    if (stdout.includes('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { ready, done };
}

describe('two processes on one cache', () => {
  let sandbox: Sandbox;
  const temp = tempDir('two-proc');

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 31, rateLimit: FAST_LIMIT, faults: { latencyMs: 5 } });
  });

  afterAll(async () => {
    await sandbox.close();
    temp.cleanup();
  });

  it('a sync and the app writing reviews at once: both complete, nothing lost', async () => {
    const dbPath = join(temp.dir, 'both.sqlite');
    cacheWithConnections(dbPath, sandbox);
    const app = startUser(['review', dbPath, 'acme', '150']);
    await app.ready;
    const sync = await runCli(['--db', dbPath, 'sync', 'acme', '--from', FROM, '--to', TO, '--period', 'week'], portalEnv(sandbox));
    const appDone = await app.done;
    expect(sync.code, sync.stderr).toBe(0);
    expect(appDone.code, appDone.stderr).toBe(0);
    expect(appDone.stdout).toContain('{"written":150}');
    const db = openCache(dbPath);
    try {
      expect(integrityCheck(db)).toBe('ok');
      expect(db.prepare("SELECT count(*) AS n FROM review WHERE author = 'app'").get()).toEqual({ n: 150 });
      // Each signed by the app's account (and one entry registering its key).
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE actor = 'test:app' AND action = 'review.set' AND signature IS NOT NULL").get()).toEqual({ n: 150 });
      expect(duplicatePortalRows(db)).toBe(0);
      expect(withoutApprovalRate(portalFigures(db, 'acme'))).toEqual(withoutApprovalRate(expectedPortalFigures(sandbox, 'acme-logistics', FROM, TO)));
    } finally {
      db.close();
    }
  }, 60_000);

  it('waits out a short write lock held by the app, then completes', async () => {
    const dbPath = join(temp.dir, 'short.sqlite');
    cacheWithConnections(dbPath, sandbox);
    const holder = startUser(['hold', dbPath, '1500']);
    await holder.ready;
    const sync = await runCli(['--db', dbPath, 'sync', 'acme', '--from', FROM, '--to', '2025-02-23', '--period', 'week'], portalEnv(sandbox));
    expect((await holder.done).code).toBe(0);
    expect(sync.code, sync.stderr).toBe(0);
    const db = openCache(dbPath);
    try {
      expect(integrityCheck(db)).toBe('ok');
      expect(db.prepare("SELECT key FROM app_setting WHERE key = 'held-by-app'").get()).toEqual({ key: 'held-by-app' });
      expect(db.prepare("SELECT count(*) AS n FROM sync_window WHERE status <> 'ok'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 60_000);

  it('says another Concilia process is using the cache when the lock outlasts the busy timeout, and loses nothing', async () => {
    const dbPath = join(temp.dir, 'long.sqlite');
    cacheWithConnections(dbPath, sandbox);
    const before = openCache(dbPath);
    const connectionsBefore = before.prepare('SELECT id, name, kind, base_url, tenant, currency FROM connection ORDER BY id').all();
    before.close();
    // Longer than the cache's 5 s busy timeout.
    const holder = startUser(['hold', dbPath, '7000']);
    await holder.ready;
    const blocked = await runCli(['--db', dbPath, 'sync', 'acme', '--from', FROM, '--to', '2025-02-23', '--period', 'week'], portalEnv(sandbox));
    expect((await holder.done).code).toBe(0);
    expect(blocked.code).toBe(1);
    // One line for the error, after the line saying where the credentials were to go.
    expect(blocked.stderr.trim().split('\n').filter((line) => !/^acme: sending CONCILIA_TOKEN and CONCILIA_API_KEY to http:\/\/127\.0\.0\.1:\d+$/.test(line))).toHaveLength(1);
    expect(blocked.stderr).toMatch(/another Concilia process is using the cache/i);
    expect(blocked.stderr).toMatch(/try again/i);
    expect(blocked.stderr).not.toMatch(/SQLITE_BUSY|database is locked|\bat \w+ \(/);

    // The app's write survived, nothing was half-written, and a second run completes the sync.
    const again = await runCli(['--db', dbPath, 'sync', 'acme', '--from', FROM, '--to', '2025-02-23', '--period', 'week'], portalEnv(sandbox));
    expect(again.code, again.stderr).toBe(0);
    const db = openCache(dbPath);
    try {
      expect(integrityCheck(db)).toBe('ok');
      expect(db.prepare("SELECT key FROM app_setting WHERE key = 'held-by-app'").get()).toEqual({ key: 'held-by-app' });
      expect(db.prepare('SELECT id, name, kind, base_url, tenant, currency FROM connection ORDER BY id').all()).toEqual(connectionsBefore);
      expect(withoutApprovalRate(portalFigures(db, 'acme'))).toEqual(withoutApprovalRate(expectedPortalFigures(sandbox, 'acme-logistics', FROM, '2025-02-23')));
    } finally {
      db.close();
    }
  }, 60_000);
});
