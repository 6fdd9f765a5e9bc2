import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/cache/index.ts';
import { paygAggregateSql, PORTAL_ROWS_SQL } from '../../../electron/core/reconcile/index.ts';
import { candidateSql } from '../../../electron/core/reconcile/payg-exceptions.ts';
import { tempCache, type TempCache } from './fixtures.ts';

let cache: TempCache;
beforeEach(() => {
  cache = tempCache();
});
afterEach(() => cache.cleanup());

function plan(sql: string, params: Record<string, unknown>): string[] {
  return cache.db
    .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(params)
    .map((r) => r.detail);
}

const range = { c: 1, kind: 'month', from: '2026-01-01', to: '2026-12-31' };
const cuts = { c: 1, from: '2026-01-01', to: '2026-12-31', outstandingCut: '2026-01-01', draftCut: '2026-01-01', stuckCut: '2026-01-01T00:00:00.000Z' };

describe('the hot reconciliation queries use the indexes', () => {
  it('portal rows of a connection+range: windows by index, rows by primary key, no full scan', () => {
    const p = plan(PORTAL_ROWS_SQL, { ...range, currency: 'COP' });
    expect(p.join(' | ')).toMatch(/SEARCH w USING INDEX sync_window_by_period/);
    expect(p.join(' | ')).toMatch(/SEARCH r USING PRIMARY KEY \(window_id=\?\)/);
    expect(p.filter((d) => /^SCAN (portal_row|r|sync_window|w)\b/.test(d))).toEqual([]);
  });

  it('the PAYG aggregation reads only the covering index, in group order', () => {
    const p = plan(paygAggregateSql(null), range);
    expect(p).toEqual(['SEARCH billing_period USING COVERING INDEX billing_period_cover (connection_id=? AND start_date>? AND start_date<?)']);
    for (const groupBy of ['loan', 'funding_source'] as const) {
      expect(plan(paygAggregateSql(groupBy), range).filter((d) => d.startsWith('SCAN'))).toEqual([]);
    }
  });

  it('PAYG exception candidates read only the partial index of uncollected periods', () => {
    for (const which of ['within', 'before'] as const) {
      const p = plan(candidateSql(which), cuts);
      expect(p.filter((d) => d.startsWith('SCAN'))).toEqual([]);
      expect(p[0]).toMatch(/^SEARCH billing_period USING INDEX billing_period_open \(connection_id=\? AND status=\? AND start_date[<>]\?/);
    }
  });
});

describe('migration 0002 (reconcile-review)', () => {
  it('adds the PAYG thresholds, the sign-off figures and the indexes', () => {
    expect(migrations.find((m) => m.version === 2)?.name).toBe('reconcile-review');
    const columns = cache.db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('connection')").all().map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['payg_outstanding_days', 'payg_draft_days', 'payg_stuck_days']));
    const indexes = cache.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all().map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['billing_period_cover', 'billing_period_open', 'restatement_by_period', 'quarantine_by_window', 'audit_log_by_connection']));
    expect(cache.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'signoff_figures'").get()).toEqual({ n: 1 });
    expect(() =>
      cache.db.prepare("INSERT INTO connection (name, kind, base_url, created_at, payg_stuck_days) VALUES ('x', 'payg', 'u', 't', -1)").run(),
    ).toThrow(/CHECK constraint/);
  });
});
