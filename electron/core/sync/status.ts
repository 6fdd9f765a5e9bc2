import type { CacheDatabase } from '../cache/index.ts';
import { getConnection, listConnections, type Connection } from '../connections/index.ts';
import { addDays, dayNumber } from '../upstream/dates.ts';
import type { PeriodKind } from './periods.ts';
import type { WindowStatus } from './windows.ts';

export interface CoverageWindow {
  periodKind: PeriodKind;
  periodStart: string;
  periodEnd: string;
  windowStart: string;
  windowEnd: string;
  /** '' = all providers; else the comma-joined chunk. */
  providerFilter: string;
  status: WindowStatus;
  /** When its current data was stored; null if it never was. */
  syncedAt: string | null;
  lastAttemptAt: string;
  error: string | null;
  rowCount: number;
  quarantined: number;
}

/** Every synced window of a connection, in date order: the data behind a calendar-like map. */
export function getCoverage(db: CacheDatabase, connectionName: string): CoverageWindow[] {
  const connection = getConnection(db, connectionName);
  return db
    .prepare<[number], CoverageWindow>(
      `SELECT period_kind AS periodKind, period_start AS periodStart, period_end AS periodEnd, window_start AS windowStart, window_end AS windowEnd,
              provider_filter AS providerFilter, status, synced_at AS syncedAt, last_attempt_at AS lastAttemptAt, error,
              row_count AS rowCount, quarantined
         FROM sync_window WHERE connection_id = ? ORDER BY window_start, window_end, provider_filter`,
    )
    .all(connection.id);
}

export interface DateRange {
  from: string;
  to: string;
}

export interface LastSync {
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'ok' | 'partial' | 'failed' | 'cancelled';
  message: string | null;
}

export interface ConnectionStatus {
  connection: Pick<Connection, 'name' | 'kind' | 'baseUrl' | 'tenant' | 'currency'>;
  windows: { ok: number; incomplete: number; failed: number };
  /** Date ranges with stored data (ok or incomplete windows), merged. */
  covered: DateRange[];
  /** Holes between the first and last covered dates. */
  gaps: DateRange[];
  lastSync: LastSync | null;
  /** Portal rows or billing periods in the cache. */
  records: number;
  quarantined: number;
  restatements: number;
  /** PAYG billing periods confirmed gone upstream (kept in the removal history, out of the figures). */
  removals: number;
}

function mergeRanges(ranges: readonly DateRange[]): DateRange[] {
  const sorted = [...ranges].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: DateRange[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && dayNumber(next.from) <= dayNumber(last.to) + 1) {
      if (next.to > last.to) last.to = next.to;
    } else {
      out.push({ ...next });
    }
  }
  return out;
}

function statusOf(db: CacheDatabase, connection: Connection): ConnectionStatus {
  const id = connection.id;
  const counts = db
    .prepare<[number], { status: WindowStatus; n: number }>('SELECT status, count(*) AS n FROM sync_window WHERE connection_id = ? GROUP BY status')
    .all(id);
  const windows = { ok: 0, incomplete: 0, failed: 0 };
  for (const c of counts) windows[c.status] = c.n;
  const stored = db
    .prepare<[number], DateRange>("SELECT window_start AS \"from\", window_end AS \"to\" FROM sync_window WHERE connection_id = ? AND synced_at IS NOT NULL")
    .all(id);
  const covered = mergeRanges(stored);
  const gaps: DateRange[] = [];
  for (let i = 1; i < covered.length; i++) {
    const before = covered[i - 1];
    const after = covered[i];
    if (before && after) gaps.push({ from: addDays(before.to, 1), to: addDays(after.from, -1) });
  }
  const last = db
    .prepare<[number], LastSync>('SELECT started_at AS startedAt, finished_at AS finishedAt, outcome, message FROM sync_run WHERE connection_id = ? ORDER BY id DESC LIMIT 1')
    .get(id);
  const one = (sql: string): number => db.prepare<[number], { n: number }>(sql).get(id)?.n ?? 0;
  return {
    connection: { name: connection.name, kind: connection.kind, baseUrl: connection.baseUrl, tenant: connection.tenant, currency: connection.currency },
    windows,
    covered,
    gaps,
    lastSync: last ?? null,
    records: one(connection.kind === 'portal' ? 'SELECT count(*) AS n FROM portal_row WHERE connection_id = ?' : 'SELECT count(*) AS n FROM billing_period WHERE connection_id = ?'),
    quarantined: one('SELECT count(*) AS n FROM quarantine WHERE connection_id = ?'),
    restatements: one('SELECT count(*) AS n FROM restatement WHERE connection_id = ?'),
    removals: one('SELECT count(*) AS n FROM billing_period_removal WHERE connection_id = ? AND reappeared_at IS NULL'),
  };
}

/** Coverage summary, last sync, quarantined and restated counts: of one connection, or of all. */
export function getStatus(db: CacheDatabase, name?: string): ConnectionStatus[] {
  const connections = name === undefined ? listConnections(db) : [getConnection(db, name)];
  return connections.map((c) => statusOf(db, c));
}
