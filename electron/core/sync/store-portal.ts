import type { CacheDatabase } from '../cache/index.ts';
import { currencyExponent, formatMinor } from '../money/index.ts';
import { portalRowKey } from '../review/keys.ts';
import type { QuarantinedRecord } from '../upstream/quarantine.ts';
import type { PortalReport, PortalRow } from '../upstream/portal/schema.ts';
import type { PlannedWindow } from './periods.ts';
import { insertRawResponse, type RawToStore } from './raw.ts';
import { diffFields, restatementWriter } from './restatements.ts';
import { cachedStatement } from './statements.ts';
import { upsertStoredWindow } from './windows.ts';

export interface StoredWindowSummary {
  windowId: number;
  status: 'ok' | 'incomplete';
  rows: number;
  quarantined: number;
  restatements: number;
  /** Billing periods confirmed gone upstream and moved to the removal history (PAYG). */
  removals: number;
  /** Why the window is incomplete, as stored on it; null when it is ok. */
  reason: string | null;
}

interface StoredPortalRow {
  provider_id: string;
  provider_name: string;
  currency: string;
  task_count: number;
  invoiced_minor: number;
  provider_minor: number;
  paid_minor: number;
  pending_minor: number;
  approval_rate: string;
  approved_count: number;
  rejected_count: number;
  review_count: number;
}

function toStored(row: PortalRow, currency: string): StoredPortalRow {
  return {
    provider_id: row.providerId,
    provider_name: row.providerName,
    currency,
    task_count: row.taskCount,
    invoiced_minor: row.invoicedMinor,
    provider_minor: row.providerMinor,
    paid_minor: row.paidMinor,
    pending_minor: row.pendingMinor,
    approval_rate: row.approvalRate,
    approved_count: row.approvedCount,
    rejected_count: row.rejectedCount,
    review_count: row.reviewCount,
  };
}

function restatedFields(exponent: number): { name: string; read: (r: StoredPortalRow) => string | null }[] {
  const money = (pick: (r: StoredPortalRow) => number) => (r: StoredPortalRow) => formatMinor(pick(r), exponent);
  return [
    { name: 'invoiced', read: money((r) => r.invoiced_minor) },
    { name: 'provider_reported', read: money((r) => r.provider_minor) },
    { name: 'paid', read: money((r) => r.paid_minor) },
    { name: 'pending', read: money((r) => r.pending_minor) },
    { name: 'task_count', read: (r) => String(r.task_count) },
    { name: 'approved_count', read: (r) => String(r.approved_count) },
    { name: 'rejected_count', read: (r) => String(r.rejected_count) },
    { name: 'review_count', read: (r) => String(r.review_count) },
    // Compared as numbers, so "88.1" and "88.10" are not a restatement.
    { name: 'approval_rate', read: (r) => normaliseDecimal(r.approval_rate) },
  ];
}

const INSERT_ROW = `INSERT INTO portal_row (window_id, connection_id, period_start, period_end, provider_id, provider_name, currency, task_count,
  invoiced_minor, provider_minor, paid_minor, pending_minor, approval_rate, approved_count, rejected_count, review_count, raw_response_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Replace one portal window with a new snapshot, in ONE transaction: the raw response, the rows,
 * the grand total, the quarantine entries, the window status and the restatements all change
 * together or not at all.
 */
export function storePortalWindow(
  db: CacheDatabase,
  input: { connectionId: number; planned: PlannedWindow; report: PortalReport; raw: RawToStore; at: string; syncRunId: number | null },
): StoredWindowSummary {
  const { connectionId, planned, report, at, syncRunId } = input;
  const exponent = currencyExponent(report.currency);
  return db.transaction((): StoredWindowSummary => {
    const previous = cachedStatement<[number, string, string, string], { id: number; synced_at: string | null }>(
      db,
      'SELECT id, synced_at FROM sync_window WHERE connection_id = ? AND window_start = ? AND window_end = ? AND provider_filter = ?',
    ).get(connectionId, planned.window.start, planned.window.end, planned.providerFilter);
    const oldRows = previous ? cachedStatement<[number], StoredPortalRow>(db, 'SELECT * FROM portal_row WHERE window_id = ?').all(previous.id) : [];
    const hadSnapshot = previous?.synced_at != null;
    const quarantined = report.quarantined;
    const status = quarantined.length > 0 ? 'incomplete' : 'ok';
    const error = quarantined.length > 0 ? `${quarantined.length} record(s) could not be read and were set aside: ${quarantined[0]?.reason ?? ''}` : null;
    const windowId = upsertStoredWindow(db, connectionId, planned, { status, at, error, rowCount: report.rows.length, quarantined: quarantined.length, syncRunId });
    const rawId = insertRawResponse(db, connectionId, syncRunId, input.raw);

    let restatements = 0;
    if (hadSnapshot) {
      const write = restatementWriter(db, connectionId, at, syncRunId);
      const fields = restatedFields(exponent);
      const newById = new Map(report.rows.map((r) => [r.providerId, toStored(r, report.currency)]));
      const quarantinedIds = new Set(quarantined.map((q) => q.recordKey));
      for (const old of oldRows) {
        const key = portalRowKey(old.provider_id, planned.period.start);
        const next = newById.get(old.provider_id);
        const emit = (field: string, oldValue: string | null, newValue: string | null): void => {
          write({ entity: 'portal_row', entityKey: key, periodStart: planned.period.start, field, oldValue, newValue });
          restatements++;
        };
        if (next) diffFields(old, next, fields, emit);
        // A row now unreadable is not "gone": the quarantine says so instead.
        else if (!quarantinedIds.has(old.provider_id)) emit('row', 'present', 'absent');
      }
      const oldIds = new Set(oldRows.map((r) => r.provider_id));
      for (const row of report.rows) {
        if (!oldIds.has(row.providerId)) {
          write({ entity: 'portal_row', entityKey: portalRowKey(row.providerId, planned.period.start), periodStart: planned.period.start, field: 'row', oldValue: 'absent', newValue: 'present' });
          restatements++;
        }
      }
    }

    // A window stored before has rows to replace; a new one cannot have any.
    if (previous) {
      cachedStatement(db, 'DELETE FROM portal_row WHERE window_id = ?').run(windowId);
      cachedStatement(db, 'DELETE FROM portal_grand_total WHERE window_id = ?').run(windowId);
    }
    cachedStatement(db, 'DELETE FROM quarantine WHERE window_id = ?').run(windowId);
    // One row per statement: measured, a json_each batch (as for billing periods) is slower for
    // these eleven-field rows.
    const insertRow = cachedStatement(db, INSERT_ROW);
    for (const r of report.rows) {
      insertRow.run(
        windowId,
        connectionId,
        planned.period.start,
        planned.period.end,
        r.providerId,
        r.providerName,
        report.currency,
        r.taskCount,
        r.invoicedMinor,
        r.providerMinor,
        r.paidMinor,
        r.pendingMinor,
        r.approvalRate,
        r.approvedCount,
        r.rejectedCount,
        r.reviewCount,
        rawId,
      );
    }
    if (report.grandTotal) {
      const g = report.grandTotal;
      cachedStatement(
        db,
        `INSERT INTO portal_grand_total (window_id, connection_id, currency, task_count, invoiced_minor, provider_minor, paid_minor, pending_minor, raw_response_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(windowId, connectionId, report.currency, g.taskCount, g.invoicedMinor, g.providerMinor, g.paidMinor, g.pendingMinor, rawId);
    }
    insertQuarantine(db, connectionId, windowId, quarantined, at, rawId);
    return { windowId, status, rows: report.rows.length, quarantined: quarantined.length, restatements, removals: 0, reason: error };
  }).immediate();
}

export function insertQuarantine(db: CacheDatabase, connectionId: number, windowId: number | null, records: readonly (QuarantinedRecord & { rawResponseId?: number })[], at: string, rawId: number): void {
  if (records.length === 0) return;
  const insert = cachedStatement(db, 'INSERT INTO quarantine (connection_id, window_id, record_key, raw_json, reason, detected_at, raw_response_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const q of records) insert.run(connectionId, windowId, q.recordKey, q.rawJson, q.reason, at, q.rawResponseId ?? rawId);
}

/** "88.10" and "88.1" are the same figure. */
export function normaliseDecimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d*?))?0*$/.exec(text);
  if (!match) return text;
  const int = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  const frac = match[3] ?? '';
  return `${match[1] ?? ''}${int}${frac ? `.${frac}` : ''}`;
}
