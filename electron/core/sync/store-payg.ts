import type { CacheDatabase } from '../cache/index.ts';
import { currencyExponent, formatMinor } from '../money/index.ts';
import { billingPeriodKey } from '../review/keys.ts';
import type { BillingPeriodRecord } from '../upstream/payg/schema.ts';
import type { QuarantinedRecord } from '../upstream/quarantine.ts';
import type { PlannedWindow } from './periods.ts';
import { forEachJsonBatch, jsonSafeText } from './json-batches.ts';
import { insertRawResponse, type RawToStore } from './raw.ts';
import { restatementWriter, type RestatementInput } from './restatements.ts';
import { cachedStatement } from './statements.ts';
import { insertQuarantine, type StoredWindowSummary } from './store-portal.ts';
import { findWindow, upsertStoredWindow } from './windows.ts';

interface StoredBillingPeriod {
  id: number;
  start_date: string;
  end_date: string;
  status: string;
  currency: string;
  amount_minor: number;
}

/** A record plus the index of the page (raw response) it came from. */
export interface PagedRecord {
  record: BillingPeriodRecord;
  page: number;
}

export interface PagedQuarantine extends QuarantinedRecord {
  page: number;
}

const SELECT_BY_IDS = `SELECT id, start_date, end_date, status, currency, amount_minor FROM billing_period
  WHERE connection_id = ? AND id IN (SELECT value FROM json_each(?))`;
const SELECT_ONE = 'SELECT id, start_date, end_date, status, currency, amount_minor FROM billing_period WHERE connection_id = ? AND id = ?';
const INSERT_PERIOD = `INSERT INTO billing_period (connection_id, id, loan_name, start_date, end_date, status, currency, amount_minor, funding_source,
  status_since, first_seen_at, last_seen_at, window_id, raw_response_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_STATUS = 'INSERT OR IGNORE INTO billing_period_status (connection_id, id, status, seen_from) VALUES (?, ?, ?, ?)';
const UPDATE_PERIOD = `UPDATE billing_period SET loan_name = ?, start_date = ?, end_date = ?, status = ?, currency = ?, amount_minor = ?, funding_source = ?,
  status_since = CASE WHEN ? THEN ? ELSE status_since END, last_seen_at = ?, window_id = COALESCE(?, window_id), raw_response_id = ?
  WHERE connection_id = ? AND id = ?`;
// New billing periods go in a batch per statement (see json-batches.ts); each row is
// [id, loan name, start, end, status, currency, amount, funding source, raw response id].
const INSERT_NEW_PERIODS = `INSERT INTO billing_period (connection_id, id, loan_name, start_date, end_date, status, currency, amount_minor, funding_source,
  status_since, first_seen_at, last_seen_at, window_id, raw_response_id)
  SELECT ?, r.value->>0, r.value->>1, r.value->>2, r.value->>3, r.value->>4, r.value->>5, r.value->>6, r.value->>7, ?, ?, ?, ?, r.value->>8
  FROM json_each(?) AS r`;
const INSERT_NEW_STATUSES = 'INSERT OR IGNORE INTO billing_period_status (connection_id, id, status, seen_from) SELECT ?, r.value->>0, r.value->>4, ? FROM json_each(?) AS r';
const SELECT_WINDOW_ROWS = 'SELECT id, start_date FROM billing_period WHERE connection_id = ? AND window_id = ?';
const DELETE_PERIOD = 'DELETE FROM billing_period WHERE connection_id = ? AND id = ?';
const DELETE_WINDOW_QUARANTINE = 'DELETE FROM quarantine WHERE window_id = ?';

function money(minor: number, currency: string): string {
  try {
    return formatMinor(minor, currencyExponent(currency));
  } catch {
    return String(minor);
  }
}

/** The stored state of these billing periods, read in one query (not one per record). */
function loadStored(db: CacheDatabase, connectionId: number, ids: readonly number[]): Map<number, StoredBillingPeriod> {
  const stored = new Map<number, StoredBillingPeriod>();
  if (ids.length === 0) return stored;
  for (const row of cachedStatement<[number, string], StoredBillingPeriod>(db, SELECT_BY_IDS).all(connectionId, JSON.stringify(ids))) stored.set(row.id, row);
  return stored;
}

/** Insert billing periods known to be new, with their first status, a batch per statement. */
function insertNewBillingPeriods(db: CacheDatabase, connectionId: number, records: readonly { record: BillingPeriodRecord; rawId: number }[], windowId: number, at: string): void {
  const insertPeriods = cachedStatement(db, INSERT_NEW_PERIODS);
  const insertStatuses = cachedStatement(db, INSERT_NEW_STATUSES);
  const rows = records.map(({ record: r, rawId }) => [r.id, r.loanName, r.startDate, r.endDate, r.status, r.currency, r.amountMinor, r.fundingSource, rawId]);
  forEachJsonBatch(rows, (json) => {
    insertPeriods.run(connectionId, at, at, at, windowId, json);
    insertStatuses.run(connectionId, at, json);
  });
}

/**
 * Upsert one billing period against its stored state (`old`, undefined when new): restatements
 * for a changed amount, currency, status or dates, and the status history (billing_period_status,
 * status_since) when the status moved.
 */
function upsertBillingPeriod(
  db: CacheDatabase,
  connectionId: number,
  record: BillingPeriodRecord,
  old: StoredBillingPeriod | undefined,
  windowId: number | null,
  rawId: number,
  at: string,
  restate: (r: RestatementInput) => void,
): void {
  if (!old) {
    cachedStatement(db, INSERT_PERIOD).run(
      connectionId,
      record.id,
      record.loanName,
      record.startDate,
      record.endDate,
      record.status,
      record.currency,
      record.amountMinor,
      record.fundingSource,
      at,
      at,
      at,
      windowId,
      rawId,
    );
    cachedStatement(db, INSERT_STATUS).run(connectionId, record.id, record.status, at);
    return;
  }
  let key: string | undefined;
  const emit = (field: string, oldValue: string | null, newValue: string | null): void => {
    if (oldValue === newValue) return;
    key ??= billingPeriodKey(record.id);
    restate({ entity: 'billing_period', entityKey: key, periodStart: record.startDate, field, oldValue, newValue });
  };
  // Formatting is only needed when something differs: equal minor units in one currency read the same.
  if (old.amount_minor !== record.amountMinor || old.currency !== record.currency) emit('amount', money(old.amount_minor, old.currency), money(record.amountMinor, record.currency));
  emit('currency', old.currency, record.currency);
  emit('status', old.status, record.status);
  emit('start_date', old.start_date, record.startDate);
  emit('end_date', old.end_date, record.endDate);
  const statusMoved = old.status !== record.status;
  if (statusMoved) cachedStatement(db, INSERT_STATUS).run(connectionId, record.id, record.status, at);
  cachedStatement(db, UPDATE_PERIOD).run(
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
    const existed = findWindow(db, connectionId, planned) !== undefined;
    const windowId = upsertStoredWindow(db, connectionId, planned, { status, at, error, rowCount: input.records.length, quarantined: input.quarantined.length, syncRunId });
    const rawIds = input.pages.map((page) => insertRawResponse(db, connectionId, syncRunId, page));
    const write = restatementWriter(db, connectionId, at, syncRunId);
    let restatements = 0;
    const restate = (r: RestatementInput): void => {
      write(r);
      restatements++;
    };
    const seen = new Set<number>();
    for (const { record } of input.records) seen.add(record.id);
    const stored = loadStored(db, connectionId, [...seen]);
    const fresh: { record: BillingPeriodRecord; rawId: number }[] = [];
    for (const { record, page } of input.records) {
      const rawId = rawIds[page] ?? rawIds[0] ?? 0;
      const old = stored.get(record.id);
      if (!old && jsonSafeText(record.loanName) && jsonSafeText(record.fundingSource)) fresh.push({ record, rawId });
      else upsertBillingPeriod(db, connectionId, record, old, windowId, rawId, at, restate);
    }
    insertNewBillingPeriods(db, connectionId, fresh, windowId, at);
    // A window created just now has no rows of its own yet: only one synced before can have lost some.
    if (input.complete && existed) {
      const quarantinedIds = new Set(input.quarantined.map((q) => q.recordKey));
      const before = cachedStatement<[number, number], { id: number; start_date: string }>(db, SELECT_WINDOW_ROWS).all(connectionId, windowId);
      const remove = cachedStatement(db, DELETE_PERIOD);
      for (const gone of before) {
        if (seen.has(gone.id) || quarantinedIds.has(String(gone.id))) continue;
        restate({ entity: 'billing_period', entityKey: billingPeriodKey(gone.id), periodStart: gone.start_date, field: 'presence', oldValue: 'present', newValue: 'absent' });
        remove.run(connectionId, gone.id);
      }
    }
    cachedStatement(db, DELETE_WINDOW_QUARANTINE).run(windowId);
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
    const old = cachedStatement<[number, number], StoredBillingPeriod>(db, SELECT_ONE).get(input.connectionId, input.record.id);
    upsertBillingPeriod(db, input.connectionId, input.record, old, null, rawId, input.at, (r) => {
      write(r);
      restatements++;
    });
    return { restatements };
  }).immediate();
}
