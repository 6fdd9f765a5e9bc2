/**
 * Cache fixtures for reconciliation and review tests: rows inserted with plain SQL into a real
 * cache on a temp file, as the sync engine would leave them. Amounts are minor units.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import type { Identity } from '../../../electron/core/identity/index.ts';
import { withStore as storeWith, type CacheWithStore } from '../../support/review-store.ts';

export const SYNCED_AT = '2026-03-01T00:00:00.000Z';

/** The cache's review store stamping its changes with `clock` (NOW unless given), signing as `identity` (test account "ana" unless given). */
export function withStore(db: CacheDatabase, clock: () => number = () => NOW, identity?: Identity): CacheWithStore {
  return storeWith(db, clock, identity);
}

export interface TempCache extends CacheWithStore {
  path: string;
  dir: string;
  cleanup(): void;
}

export function tempCache(): TempCache {
  const dir = mkdtempSync(join(tmpdir(), 'concilia-reconcile-'));
  const path = join(dir, 'cache.sqlite');
  const db = openCache(path);
  return {
    ...withStore(db),
    path,
    dir,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addConnection(
  db: CacheDatabase,
  input: { name: string; kind: 'portal' | 'payg'; currency?: string; toleranceAbsMinor?: number; tolerancePct?: string },
): number {
  const info = db
    .prepare(
      `INSERT INTO connection (name, kind, base_url, tenant, currency, tolerance_abs_minor, tolerance_pct, created_at)
       VALUES (?, ?, 'http://127.0.0.1:1', ?, ?, ?, ?, ?)`,
    )
    .run(
      input.name,
      input.kind,
      input.kind === 'portal' ? 'acme' : null,
      input.kind === 'portal' ? (input.currency ?? 'COP') : null,
      input.toleranceAbsMinor ?? 0,
      input.tolerancePct ?? '0',
      SYNCED_AT,
    );
  return Number(info.lastInsertRowid);
}

let rawCounter = 0;
export function addRaw(db: CacheDatabase, connectionId: number): number {
  rawCounter += 1;
  const info = db
    .prepare(
      `INSERT INTO raw_response (connection_id, request_url, request_key, http_status, fetched_at, body_gzip, body_sha256)
       VALUES (?, '/fixture', ?, 200, ?, x'00', 'x')`,
    )
    .run(connectionId, `k${rawCounter}`, SYNCED_AT);
  return Number(info.lastInsertRowid);
}

export interface WindowInput {
  kind: 'month' | 'week' | 'range';
  periodStart: string;
  periodEnd: string;
  windowStart?: string;
  windowEnd?: string;
  providerFilter?: string;
  status?: 'ok' | 'incomplete' | 'failed';
  error?: string | null;
  syncedAt?: string | null;
}

export function addWindow(db: CacheDatabase, connectionId: number, w: WindowInput): number {
  const info = db
    .prepare(
      `INSERT INTO sync_window (connection_id, period_kind, period_start, period_end, window_start, window_end, provider_filter,
         status, last_attempt_at, synced_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      connectionId,
      w.kind,
      w.periodStart,
      w.periodEnd,
      w.windowStart ?? w.periodStart,
      w.windowEnd ?? w.periodEnd,
      w.providerFilter ?? '',
      w.status ?? 'ok',
      SYNCED_AT,
      w.syncedAt === undefined ? SYNCED_AT : w.syncedAt,
      w.error ?? null,
    );
  return Number(info.lastInsertRowid);
}

export interface PortalRowInput {
  providerId: string;
  providerName?: string;
  currency?: string;
  taskCount?: number;
  invoiced: number;
  provider: number;
  paid?: number;
  pending?: number;
  approvalRate?: string;
  approved?: number;
  rejected?: number;
  review?: number;
}

/** A row whose own figures agree unless a test overrides them. */
export function addPortalRow(db: CacheDatabase, windowId: number, r: PortalRowInput): void {
  const w = db
    .prepare<[number], { connection_id: number; period_start: string; period_end: string }>(
      'SELECT connection_id, period_start, period_end FROM sync_window WHERE id = ?',
    )
    .get(windowId);
  if (!w) throw new Error(`no window ${windowId}`);
  const currency =
    r.currency ?? db.prepare<[number], { currency: string }>('SELECT currency FROM connection WHERE id = ?').get(w.connection_id)?.currency ?? 'COP';
  const taskCount = r.taskCount ?? 10;
  const approved = r.approved ?? taskCount;
  const rate = r.approvalRate ?? (taskCount === 0 ? '0.00' : approvalText(approved, taskCount));
  db.prepare(
    `INSERT INTO portal_row (window_id, connection_id, period_start, period_end, provider_id, provider_name, currency, task_count,
       invoiced_minor, provider_minor, paid_minor, pending_minor, approval_rate, approved_count, rejected_count, review_count, raw_response_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    windowId,
    w.connection_id,
    w.period_start,
    w.period_end,
    r.providerId,
    r.providerName ?? `Provider ${r.providerId}`,
    currency,
    taskCount,
    r.invoiced,
    r.provider,
    r.paid ?? r.invoiced,
    r.pending ?? (r.paid === undefined ? 0 : r.invoiced - r.paid),
    rate,
    approved,
    r.rejected ?? taskCount - approved - (r.review ?? 0),
    r.review ?? 0,
    addRaw(db, w.connection_id),
  );
}

function approvalText(approved: number, tasks: number): string {
  const hundredths = Math.floor((approved * 20_000 + tasks) / (2 * tasks));
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** The grand total of a window: the sums of its rows, with overrides to make it disagree. */
export function addGrandTotal(
  db: CacheDatabase,
  windowId: number,
  override: Partial<{ task_count: number; invoiced_minor: number; provider_minor: number; paid_minor: number; pending_minor: number }> = {},
): void {
  const sums = db
    .prepare<[number], { connection_id: number; currency: string; task_count: number; invoiced_minor: number; provider_minor: number; paid_minor: number; pending_minor: number }>(
      `SELECT w.connection_id, COALESCE(MAX(r.currency), c.currency) AS currency, COALESCE(SUM(r.task_count), 0) AS task_count,
         COALESCE(SUM(r.invoiced_minor), 0) AS invoiced_minor, COALESCE(SUM(r.provider_minor), 0) AS provider_minor,
         COALESCE(SUM(r.paid_minor), 0) AS paid_minor, COALESCE(SUM(r.pending_minor), 0) AS pending_minor
       FROM sync_window w JOIN connection c ON c.id = w.connection_id LEFT JOIN portal_row r ON r.window_id = w.id WHERE w.id = ? GROUP BY w.id`,
    )
    .get(windowId);
  if (!sums) throw new Error(`no window ${windowId}`);
  const g = { ...sums, ...override };
  db.prepare(
    `INSERT INTO portal_grand_total (window_id, connection_id, currency, task_count, invoiced_minor, provider_minor, paid_minor, pending_minor, raw_response_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(windowId, g.connection_id, g.currency, g.task_count, g.invoiced_minor, g.provider_minor, g.paid_minor, g.pending_minor, addRaw(db, g.connection_id));
}

export type BillingStatus = 'DRAFT' | 'SENT_TO_PAYMENT_SERVICE' | 'PAYMENT_COMPLETE' | 'PAYMENT_FAILED' | 'PENDING';

export interface BillingPeriodInput {
  id: number;
  loanName?: string;
  start: string;
  end: string;
  status: BillingStatus;
  currency: string;
  amount: number;
  fundingSource?: string | null;
  statusSince?: string;
  windowId?: number | null;
}

export function addBillingPeriod(db: CacheDatabase, connectionId: number, b: BillingPeriodInput): void {
  const since = b.statusSince ?? SYNCED_AT;
  db.prepare(
    `INSERT INTO billing_period (connection_id, id, loan_name, start_date, end_date, status, currency, amount_minor, funding_source,
       status_since, first_seen_at, last_seen_at, window_id, raw_response_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    connectionId,
    b.id,
    b.loanName ?? `Loan ${b.id}`,
    b.start,
    b.end,
    b.status,
    b.currency,
    b.amount,
    b.fundingSource === undefined ? 'FUND-A' : b.fundingSource,
    since,
    SYNCED_AT,
    SYNCED_AT,
    b.windowId ?? null,
    addRaw(db, connectionId),
  );
  db.prepare('INSERT INTO billing_period_status (connection_id, id, status, seen_from) VALUES (?, ?, ?, ?)').run(connectionId, b.id, b.status, since);
}

export function addQuarantine(db: CacheDatabase, connectionId: number, windowId: number, recordKey: string | null, reason: string): number {
  const info = db
    .prepare('INSERT INTO quarantine (connection_id, window_id, record_key, raw_json, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(connectionId, windowId, recordKey, '{"bad":true}', reason, SYNCED_AT);
  return Number(info.lastInsertRowid);
}

export function addRestatement(
  db: CacheDatabase,
  connectionId: number,
  r: { entity: 'portal_row' | 'billing_period' | 'portal_grand_total'; key: string; periodStart: string | null; field: string; oldValue: string; newValue: string; detectedAt?: string },
): void {
  db.prepare(
    'INSERT INTO restatement (connection_id, entity, entity_key, period_start, field, old_value, new_value, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(connectionId, r.entity, r.key, r.periodStart, r.field, r.oldValue, r.newValue, r.detectedAt ?? '2026-03-05T10:00:00.000Z');
}

/** A fixed clock reading: 2026-03-15T12:00:00Z. */
export const NOW = Date.parse('2026-03-15T12:00:00.000Z');
