import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { expectedPaygRecords, expectedPortalReport, startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const LIMIT = { max: 10, windowMs: 300 };

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Run `concilia sync` as its own process; kill it with SIGKILL after `killAfterMs` (if still running). */
function runSync(args: string[], env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<Exit> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'concilia.js'), ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ code, signal, stderr });
    });
  });
}

describe('a sync killed at random points', () => {
  let sandbox: Sandbox;
  let dir: string;
  let db: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: LIMIT, faults: { latencyMs: 15 }, paygLimitCap: 40 });
    dir = mkdtempSync(join(os.tmpdir(), 'concilia-kill-'));
    db = join(dir, 'cache.sqlite');
    const cache = openCache(db);
    const portal = sandbox.credentials.portal[0];
    addConnection(cache, { name: 'acme', kind: 'portal', baseUrl: sandbox.url, tenant: portal?.tenant, currency: portal?.currency }, Date.now);
    addConnection(cache, { name: 'collections', kind: 'payg', baseUrl: sandbox.url }, Date.now);
    cache.close();
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function check(): void {
    const cache = openCache(db);
    try {
      expect(cache.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(cache.pragma('foreign_key_check')).toEqual([]);
      const dupRows = cache
        .prepare("SELECT w.period_kind, p.period_start, p.provider_id, count(*) AS n FROM portal_row p JOIN sync_window w ON w.id = p.window_id GROUP BY 1, 2, 3 HAVING n > 1")
        .all();
      expect(dupRows).toEqual([]);
      // Each stored window is whole: its row count is what its snapshot said.
      const torn = cache
        .prepare("SELECT w.id FROM sync_window w WHERE w.synced_at IS NOT NULL AND w.status <> 'failed' AND w.row_count <> (SELECT count(*) FROM portal_row p WHERE p.window_id = w.id) AND w.connection_id = (SELECT id FROM connection WHERE name = 'acme')")
        .all();
      expect(torn).toEqual([]);
      const dupWindows = cache.prepare('SELECT connection_id, window_start, window_end, provider_filter, count(*) AS n FROM sync_window GROUP BY 1, 2, 3, 4 HAVING n > 1').all();
      expect(dupWindows).toEqual([]);
    } finally {
      cache.close();
    }
  }

  it('leaves a sound cache after each SIGKILL, and the next run completes it', async () => {
    const portal = sandbox.credentials.portal[0];
    const portalEnv = { CONCILIA_TOKEN: portal?.token, CONCILIA_API_KEY: portal?.apiKey, CONCILIA_RATE_LIMIT: `${LIMIT.max}/${LIMIT.windowMs}` };
    const paygEnv = { CONCILIA_API_KEY: sandbox.credentials.payg.apiKey };
    const portalArgs = ['--db', db, 'sync', 'acme', '--from', '2025-01-01', '--to', '2025-06-30', '--period', 'week'];
    const paygArgs = ['--db', db, 'sync', 'collections', '--from', '2025-01-01', '--to', '2025-06-30', '--period', 'week'];
    // The first sync fills a fresh cache (over a second of paced requests), so a kill in its
    // first 700 ms always lands; later runs skip what is fresh and are often done before their kill.
    const delays = Array.from({ length: 6 }, (_, i) => 250 + Math.floor(Math.random() * (i === 0 ? 450 : 1500)));
    let killed = 0;
    for (const [i, delay] of delays.entries()) {
      const exit = await runSync(i % 2 === 0 ? portalArgs : paygArgs, i % 2 === 0 ? portalEnv : paygEnv, delay);
      if (exit.signal === 'SIGKILL') killed++;
      else expect(exit.code, exit.stderr).toBe(0);
      check();
    }
    expect(killed).toBeGreaterThan(0);

    const finishPortal = await runSync(portalArgs, portalEnv);
    expect(finishPortal.code, finishPortal.stderr).toBe(0);
    const finishPayg = await runSync(paygArgs, paygEnv);
    expect(finishPayg.code, finishPayg.stderr).toBe(0);
    check();

    const cache = openCache(db);
    try {
      const weeks = cache.prepare<[], { n: number }>("SELECT count(*) AS n FROM sync_window WHERE status = 'ok' AND period_kind = 'week' AND connection_id = (SELECT id FROM connection WHERE name = 'acme')").get();
      expect(weeks?.n).toBe(27);
      const expected = expectedPortalReport(sandbox.dataset, { tenant: portal?.tenant ?? '', from: '2025-01-01', to: '2025-06-30' }).sumOfRows.invoicedMinor;
      const stored = cache.prepare<[], { s: number }>("SELECT sum(p.invoiced_minor) AS s FROM portal_row p JOIN sync_window w ON w.id = p.window_id WHERE w.period_kind = 'week'").get();
      expect(stored?.s).toBe(expected);
      const ids = cache.prepare<[], { id: number }>("SELECT id FROM billing_period WHERE start_date BETWEEN '2025-01-01' AND '2025-06-30' ORDER BY id").all().map((r) => r.id);
      expect(ids).toEqual(expectedPaygRecords(sandbox.dataset, { start_date_gte: '2025-01-01', start_date_lte: '2025-06-30', ordering: 'id' }).map((r) => r.id));
      const runs = cache.prepare<[], { outcome: string }>('SELECT outcome FROM sync_run ORDER BY id').all().map((r) => r.outcome);
      expect(runs.includes('running')).toBe(false);
      expect(runs.at(-1)).toBe('ok');
    } finally {
      cache.close();
    }
  });
});
