import type { CacheDatabase } from '../cache/index.ts';
import { currencyExponent, formatMinor } from '../money/index.ts';
import { billingPeriodKey } from '../review/keys.ts';
import type { BillingPeriodRecord } from '../upstream/payg/schema.ts';
import type { QuarantinedRecord } from '../upstream/quarantine.ts';
import type { PlannedWindow } from './periods.ts';
import { insertRawResponse, type RawToStore } from './raw.ts';
import { restatementWriter, type RestatementInput } from './restatements.ts';
import { insertQuarantine, type StoredWindowSummary } from './store-portal.ts';
import { upsertStoredWindow } from './windows.ts';

interface StoredBillingPeriod {
  id: number;
  loan_name: string;
  start_date: string;
  end_date: string;
  status: string;
  currency: string;
  amount_minor: number;
  funding_source: string | null;
  window_id: number | null;
}

/** A record plus the index of the page (raw response) it came from. */
export interface PagedRecord {
  record: BillingPeriodRecord;
  page: number;
}

export interface PagedQuarantine extends QuarantinedRecord {
  page: number;
}

function money(minor: number, currency: string): string {
  try {
    return formatMinor(minor, currencyExponent(currency));
  } catch {
    return String(minor);
  }
}

/**
 * Upsert one billing period: restatements for a changed amount, status, currency or dates, and the
 * status history (billing_period_status, status_since) when the status moved.
 */
function upsertBillingPeriod(
  db: CacheDatabase,
  connectionId: number,
  record: BillingPeriodRecord,
  windowId: number | null,
  rawId: number,
  at: string,
  restate: (r: RestatementInput) => void,
): number {
  const old = db.prepare<[number, number], StoredBillingPeriod>('SELECT * FROM billing_period WHERE connection_id = ? AND id = ?').get(connectionId, record.id);
  const key = billingPeriodKey(record.id);
  if (!old) {
    db.prepare(
      `INSERT INTO billing_period (connection_id, id, loan_name, start_date, end_date, status, currency, amount_minor, funding_source,
         status_since, first_seen_at, last_seen_at, window_id, raw_response_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(connectionId, record.id, record.loanName, record.startDate, record.endDate, record.status, record.currency, record.amountMinor, record.fundingSource, at, at, at, windowId, rawId);
    db.prepare('INSERT OR IGNORE INTO billing_period_status (connection_id, id, status, seen_from) VALUES (?, ?, ?, ?)').run(connectionId, record.id, record.status, at);
    return 0;
  }
  let changes = 0;
  const emit = (field: string, oldValue: string | null, newValue: string | null): void => {
    if (oldValue === newValue) return;
    restate({ entity: 'billing_period', entityKey: key, periodStart: record.startDate, field, oldValue, newValue });
    changes++;
  };
  emit('amount', money(old.amount_minor, old.currency), money(record.amountMinor, record.currency));
  emit('currency', old.currency, record.currency);
  emit('status', old.status, record.status);
  emit('start_date', old.start_date, record.startDate);
  emit('end_date', old.end_date, record.endDate);
  const statusMoved = old.status !== record.status;
  if (statusMoved) {
    db.prepare('INSERT OR IGNORE INTO billing_period_status (connection_id, id, status, seen_from) VALUES (?, ?, ?, ?)').run(connectionId, record.id, record.status, at);
  }
  db.prepare(
    `UPDATE billing_period SET loan_name = ?, start_date = ?, end_date = ?, status = ?, currency = ?, amount_minor = ?, funding_source = ?,
       status_since = CASE WHEN ? THEN ? ELSE status_since END, last_seen_at = ?, window_id = COALESCE(?, window_id), raw_response_id = ?
     WHERE connection_id = ? AND id = ?`,
  ).run(
    record.loanName,
    record.startDate,
    record.endDate,
    record.status,
    record.currency,
    record.amountMinor,
    record.fundingSource,
    statusMoved ? 1 : 0,
    at,
    at,
    windowId,
    rawId,
    connectionId,
    record.id,
  );
  return changes;
}

/**
 * Replace one PAYG window with a new snapshot, in ONE transaction. `complete` says whether every
 * record the upstream counted was received: only then are records that vanished from the window
 * removed (with a restatement), never on a short read.
 */
export function storePaygWindow(
  db: CacheDatabase,
  input: {
    connectionId: number;
    planned: PlannedWindow;
    pages: RawToStore[];
    records: PagedRecord[];
    quarantined: PagedQuarantine[];
    complete: boolean;
    shortfall: string | null;
    at: string;
    syncRunId: number | null;
  },
): StoredWindowSummary {
  const { connectionId, planned, at, syncRunId } = input;
  return db.transaction((): StoredWindowSummary => {
    const status = input.quarantined.length > 0 || !input.complete ? 'incomplete' : 'ok';
    const error =
      input.shortfall ?? (input.quarantined.length > 0 ? `${input.quarantined.length} record(s) could not be read and were set aside: ${input.quarantined[0]?.reason ?? ''}` : null);
    const windowId = upsertStoredWindow(db, connectionId, planned, { status, at, error, rowCount: input.records.length, quarantined: input.quarantined.length, syncRunId });
    const rawIds = input.pages.map((page) => insertRawResponse(db, connectionId, syncRunId, page));
    const write = restatementWriter(db, connectionId, at, syncRunId);
    let restatements = 0;
    const restate = (r: RestatementInput): void => {
      write(r);
      restatements++;
    };
    const seen = new Set<number>();
    for (const { record, page } of input.records) {
      upsertBillingPeriod(db, connectionId, record, windowId, rawIds[page] ?? rawIds[0] ?? 0, at, restate);
      seen.add(record.id);
    }
    if (input.complete) {
      const quarantinedIds = new Set(input.quarantined.map((q) => q.recordKey));
      const before = db.prepare<[number, number], { id: number; start_date: string }>('SELECT id, start_date FROM billing_period WHERE connection_id = ? AND window_id = ?').all(connectionId, windowId);
      const remove = db.prepare('DELETE FROM billing_period WHERE connection_id = ? AND id = ?');
      for (const gone of before) {
        if (seen.has(gone.id) || quarantinedIds.has(String(gone.id))) continue;
        restate({ entity: 'billing_period', entityKey: billingPeriodKey(gone.id), periodStart: gone.start_date, field: 'presence', oldValue: 'present', newValue: 'absent' });
        remove.run(connectionId, gone.id);
      }
    }
    db.prepare('DELETE FROM quarantine WHERE window_id = ?').run(windowId);
    insertQuarantine(
      db,
      connectionId,
      windowId,
      input.quarantined.map((q) => ({ ...q, rawResponseId: rawIds[q.page] })),
      at,
      rawIds[0] ?? 0,
    );
    return { windowId, status, rows: input.records.length, quarantined: input.quarantined.length, restatements };
  }).immediate();
}

/** One record refreshed by id, in its own transaction. */
export function storeSingleBillingPeriod(
  db: CacheDatabase,
  input: { connectionId: number; record: BillingPeriodRecord | null; quarantined: QuarantinedRecord | null; raw: RawToStore; at: string },
): { restatements: number } {
  return db.transaction(() => {
    const rawId = insertRawResponse(db, input.connectionId, null, input.raw);
    if (input.quarantined) {
      insertQuarantine(db, input.connectionId, null, [input.quarantined], input.at, rawId);
      return { restatements: 0 };
    }
    if (!input.record) return { restatements: 0 };
    const write = restatementWriter(db, input.connectionId, input.at, null);
    let restatements = 0;
    upsertBillingPeriod(db, input.connectionId, input.record, null, rawId, input.at, (r) => {
      write(r);
      restatements++;
    });
    return { restatements };
  }).immediate();
}
