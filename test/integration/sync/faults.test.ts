import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncConnection } from '../../../electron/core/sync/index.ts';
import { FAST_LIMIT, FAST_RETRY, makeWorld, type World } from './helpers.ts';

type Snapshot = { portal: unknown[]; payg: unknown[] };

function snapshot(world: World): Snapshot {
  return {
    portal: world.db
      .prepare(
        `SELECT period_start, provider_id, currency, task_count, invoiced_minor, provider_minor, paid_minor, pending_minor, approval_rate,
                approved_count, rejected_count, review_count FROM portal_row ORDER BY period_start, provider_id`,
      )
      .all(),
    payg: world.db.prepare('SELECT id, loan_name, start_date, end_date, status, currency, amount_minor FROM billing_period ORDER BY id').all(),
  };
}

const RANGE = { from: '2025-01-01', to: '2025-06-30', period: 'month' as const };

describe('sync under faults', () => {
  let clean: World;
  let faulty: World;
  let expected: Snapshot;
  beforeAll(async () => {
    clean = await makeWorld();
    faulty = await makeWorld({ seed: 42 });
    for (const connection of ['acme', 'payg']) {
      const r = await syncConnection(clean.deps, { connection, ...RANGE, limiter: connection === 'acme' ? FAST_LIMIT : undefined });
      expect(r.windows.failed).toBe(0);
    }
    expected = snapshot(clean);
  });
  afterAll(async () => {
    await clean.close();
    await faulty.close();
  });

  it('completes with the same data as a clean sync, or fails clearly and completes on the next run', async () => {
    faulty.sandbox.setFaults({ latencyMs: 5, error5xxRate: 0.2, burst429: 4, truncateRate: 0.15, malformedRate: 0.1, dropConnectionRate: 0.05 });
    const first: string[] = [];
    for (const connection of ['acme', 'payg']) {
      const r = await syncConnection(faulty.deps, { connection, ...RANGE, limiter: connection === 'acme' ? FAST_LIMIT : undefined, http: { retry: FAST_RETRY, timeoutMs: 5000 } });
      first.push(r.outcome);
      if (r.outcome !== 'ok') {
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) expect(e).toMatch(/^\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}: \S.*\.(?: \(gave up after \d+ attempts\))?$/);
      }
    }
    const stats = faulty.sandbox.stats.faults;
    expect(stats.error5xx + stats.truncated + stats.malformed + stats.dropped + stats.burst429).toBeGreaterThan(0);
    // Whatever happened, a second run (faults gone) completes it.
    faulty.sandbox.setFaults({ latencyMs: 0, error5xxRate: 0, burst429: 0, truncateRate: 0, malformedRate: 0, dropConnectionRate: 0 });
    for (const connection of ['acme', 'payg']) {
      const r = await syncConnection(faulty.deps, { connection, ...RANGE, limiter: connection === 'acme' ? FAST_LIMIT : undefined });
      expect(r.outcome).toBe('ok');
    }
    expect(snapshot(faulty)).toEqual(expected);
    expect(first.every((o) => ['ok', 'partial', 'failed'].includes(o))).toBe(true);
  });

  it('stops at the first window with a clear message when the token has expired', async () => {
    faulty.sandbox.setFaults({ expiredToken: true });
    const r = await syncConnection(faulty.deps, { connection: 'acme', from: '2024-01-01', to: '2024-06-30', period: 'month', limiter: FAST_LIMIT });
    faulty.sandbox.setFaults({ expiredToken: false });
    expect(r.outcome).toBe('failed');
    expect(r.requests).toBe(1);
    expect(r.errors[0]).toMatch(/401 UNAUTHORIZED\): the token \(JWT\) has expired or is invalid/);
    expect(r.errors.at(-1)).toMatch(/5 window\(s\) were not attempted/);
    const run = faulty.db.prepare<[], { outcome: string; message: string }>('SELECT outcome, message FROM sync_run ORDER BY id DESC LIMIT 1').get();
    expect(run?.outcome).toBe('failed');
    for (const secret of faulty.secretValues) expect(JSON.stringify(r)).not.toContain(secret);
  });

  it('names the missing report permission (403)', async () => {
    const readonly = faulty.sandbox.credentials.portal.find((c) => !c.hasReportPermission);
    expect(readonly).toBeDefined();
    await faulty.secrets.set('acme', 'token', readonly?.token ?? '', faulty.sandbox.url);
    await faulty.secrets.set('acme', 'apiKey', readonly?.apiKey ?? '', faulty.sandbox.url);
    const r = await syncConnection(faulty.deps, { connection: 'acme', from: '2024-01-01', to: '2024-01-31', period: 'month', limiter: FAST_LIMIT });
    expect(r.outcome).toBe('failed');
    expect(r.errors[0]).toMatch(/lacks the permission APICLI_RPTPORTAL_FACTURACION/);
  });

  it('cancels cleanly: the current window is not stored, the run says cancelled', async () => {
    const controller = new AbortController();
    faulty.sandbox.setFaults({ latencyMs: 150 });
    const pending = syncConnection(faulty.deps, { connection: 'payg', from: '2024-01-01', to: '2024-12-31', period: 'week', force: true, signal: controller.signal });
    setTimeout(() => controller.abort(), 400);
    const r = await pending;
    faulty.sandbox.setFaults({ latencyMs: 0 });
    expect(r.outcome).toBe('cancelled');
    const run = faulty.db.prepare<[number], { outcome: string }>('SELECT outcome FROM sync_run WHERE id = ?').get(r.syncRunId);
    expect(run?.outcome).toBe('cancelled');
    const stored = faulty.db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM sync_window WHERE sync_run_id = ?').get(r.syncRunId);
    expect(stored?.n).toBe(r.windows.ok + r.windows.incomplete);
  });
});
