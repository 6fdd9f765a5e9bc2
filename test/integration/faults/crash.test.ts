/**
 * A sync killed with SIGKILL at random moments, many times over: every window is written in one
 * transaction, so whatever moment the kill lands on, the cache stays sound (integrity_check), holds
 * no record twice, and the next run completes it to exactly what the upstream says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createRng } from '../../../electron/core/sandbox/random.ts';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { openCache } from '../../../electron/core/cache/index.ts';
import {
  FAST_LIMIT,
  billingFigures,
  cacheWithConnections,
  duplicatePortalRows,
  expectedBillingFigures,
  expectedPortalFigures,
  integrityCheck,
  paygEnv,
  portalEnv,
  portalFigures,
  runCli,
  spawnCli,
  tempDir,
  withoutApprovalRate,
} from './support.ts';

const FROM = '2025-01-06';
const TO = '2025-12-28';
const KILLS = 16;

/** The upstream's count of requests of the kind a connection makes (the sandbox runs in this process). */
function requestsOf(sandbox: Sandbox, connection: string): number {
  return connection === 'acme' ? sandbox.stats.requests.portal : sandbox.stats.requests.payg;
}

describe('sync killed with SIGKILL at random moments', () => {
  let sandbox: Sandbox;
  const temp = tempDir('crash');
  const dbPath = join(temp.dir, 'cache.sqlite');

  beforeAll(async () => {
    // A little latency keeps each run busy long enough for kills to land mid-window.
    sandbox = await startSandbox({ seed: 11, rateLimit: FAST_LIMIT, faults: { latencyMs: 15 } });
    cacheWithConnections(dbPath, sandbox);
  });

  afterAll(async () => {
    await sandbox.close();
    temp.cleanup();
  });

  it(`survives ${KILLS} kills and is completed by the next run`, async () => {
    const rng = createRng('crash-kills');
    // How long a whole run takes on this machine now (on a scratch cache), so kills land inside runs.
    const scratch = join(temp.dir, 'scratch.sqlite');
    cacheWithConnections(scratch, sandbox);
    // Kills are timed by the upstream's own count of requests, not by the clock: on a machine
    // busy with other work a run can take several times as long as it did a minute ago, and a kill
    // timed in milliseconds would land after the run ended (as it did under CI load).
    const requestsPerRun: Record<string, number> = {};
    for (const [name, env] of [
      ['acme', portalEnv(sandbox)],
      ['lms', paygEnv(sandbox)],
    ] as const) {
      const before = requestsOf(sandbox, name);
      const run = await runCli(['--db', scratch, 'sync', name, '--from', FROM, '--to', TO, '--period', 'week'], env);
      expect(run.code, run.stderr).toBe(0);
      requestsPerRun[name] = requestsOf(sandbox, name) - before;
    }
    expect(Math.min(requestsPerRun.acme ?? 0, requestsPerRun.lms ?? 0)).toBeGreaterThan(2);
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const name = i % 2 === 0 ? 'acme' : 'lms';
      // --force: every run rewrites every window, so each kill can land in the middle of one.
      const { child, done } = spawnCli(
        ['--db', dbPath, 'sync', name, '--from', FROM, '--to', TO, '--period', 'week', '--force'],
        name === 'acme' ? portalEnv(sandbox) : paygEnv(sandbox),
      );
      // After a random number of the run's requests (never its last), and a random part of the
      // upstream's latency later: mid-response, mid-write, or between windows.
      const afterRequests = rng.int(1, (requestsPerRun[name] ?? 2) - 1);
      const settleMs = rng.int(0, 20);
      const start = requestsOf(sandbox, name);
      let ended = false;
      const run = await Promise.race([
        done,
        (async () => {
          while (!ended && requestsOf(sandbox, name) - start < afterRequests) await new Promise((resolve) => setTimeout(resolve, 2));
          await new Promise((resolve) => setTimeout(resolve, settleMs));
          if (!ended) child.kill('SIGKILL');
          return done;
        })(),
      ]);
      ended = true;
      outcomes.push(run.signal === 'SIGKILL' ? `killed after ${afterRequests} request(s) + ${settleMs} ms` : `exit ${String(run.code)}`);
      expect(run.signal === 'SIGKILL' || run.code === 0, `run ${i}: ${run.stderr}`).toBe(true);

      const db = openCache(dbPath);
      try {
        expect(integrityCheck(db)).toBe('ok');
        expect(duplicatePortalRows(db)).toBe(0);
        // Every stored window is complete: its row count is the rows it holds.
        const torn = db
          .prepare<[], { n: number }>(
            `SELECT count(*) AS n FROM sync_window w WHERE w.status = 'ok' AND w.row_count <>
               (SELECT count(*) FROM portal_row r WHERE r.window_id = w.id) + (SELECT count(*) FROM billing_period b WHERE b.window_id = w.id)`,
          )
          .get();
        expect(torn?.n).toBe(0);
      } finally {
        db.close();
      }
    }
    expect(outcomes.filter((o) => o.startsWith('killed')).length, outcomes.join(', ')).toBeGreaterThanOrEqual(KILLS - 2);

    for (const [name, env] of [
      ['acme', portalEnv(sandbox)],
      ['lms', paygEnv(sandbox)],
    ] as const) {
      const final = await runCli(['--db', dbPath, 'sync', name, '--from', FROM, '--to', TO, '--period', 'week'], env);
      expect(final.code, final.stderr).toBe(0);
    }

    const db = openCache(dbPath);
    try {
      expect(integrityCheck(db)).toBe('ok');
      expect(duplicatePortalRows(db)).toBe(0);
      const portal = portalFigures(db, 'acme');
      expect(withoutApprovalRate(portal)).toEqual(withoutApprovalRate(expectedPortalFigures(sandbox, 'acme-logistics', FROM, TO)));
      const billing = billingFigures(db, 'lms').map(({ funding_source: _f, loan_name: _l, ...rest }) => rest);
      expect(billing).toEqual(expectedBillingFigures(sandbox, FROM, TO));
      const statuses = db.prepare<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM sync_window GROUP BY status').all();
      expect(statuses).toEqual([{ status: 'ok', n: expect.any(Number) as number }]);
    } finally {
      db.close();
    }
  }, 90_000);
});
