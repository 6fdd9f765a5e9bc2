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
import { upsertStoredWindow } from './windows.ts';

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
  /** From the retrieve endpoint (not the listing): its dates may lie outside the window. */
  confirmed?: boolean;
}

export interface PagedQuarantine extends QuarantinedRecord {
  page: number;
}

/** A billing period the retrieve endpoint answered 404 for; `page` is that answer. */
export interface PagedRemoval {
  id: number;
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
 * Store one PAYG window's new snapshot in ONE transaction: its raw responses, the records listed
 * or confirmed, the records set aside, the removals confirmed by a 404, and the window's status.
 * Nothing is deleted here on a listing's word: a billing period leaves only through `removals`.
 */
export function storePaygWindow(
  db: CacheDatabase,
  input: {
    connectionId: number;
    planned: PlannedWindow;
    pages: RawToStore[];
    records: PagedRecord[];
    quarantined: PagedQuarantine[];
    /** Confirmed gone (404 by id); none when omitted. */
    removals?: PagedRemoval[];
    /** Listed cleanly and every confirmation answered. */
    complete: boolean;
    /** Why it is not complete (quarantine aside). */
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
    let removals = 0;
    const restate = (r: RestatementInput): void => {
      write(r);
      restatements++;
    };
    const inWindow = (r: BillingPeriodRecord): boolean => r.startDate >= planned.window.start && r.startDate <= planned.window.end;
    const stored = loadStored(db, connectionId, input.records.map(({ record }) => record.id));
    const fresh: { record: BillingPeriodRecord; rawId: number }[] = [];
    for (const { record, page, confirmed } of input.records) {
      const rawId = rawIds[page] ?? rawIds[0] ?? 0;
      const old = stored.get(record.id);
      if (!old && !confirmed && jsonSafeText(record.loanName) && jsonSafeText(record.fundingSource)) fresh.push({ record, rawId });
      // A record confirmed by id whose dates moved out of this window belongs to no window of ours.
      else upsertBillingPeriod(db, connectionId, record, old, confirmed && !inWindow(record) ? null : windowId, rawId, at, restate);
    }
    insertNewBillingPeriods(db, connectionId, fresh, windowId, at);
    noteReappearances(db, connectionId, input.records, at, restate);
    for (const gone of input.removals ?? []) {
      if (moveToRemovals(db, connectionId, gone.id, { at, evidenceRawId: rawIds[gone.page] ?? 0, syncRunId }, restate)) removals++;
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
    return { windowId, status, rows: input.records.length, quarantined: input.quarantined.length, restatements, removals, reason: error };
  }).immediate();
}

const ANY_OPEN_REMOVAL = 'SELECT EXISTS (SELECT 1 FROM billing_period_removal WHERE connection_id = ? AND reappeared_at IS NULL) AS any';
const MARK_REAPPEARED = `UPDATE billing_period_removal SET reappeared_at = ?
  WHERE connection_id = ? AND reappeared_at IS NULL AND billing_period_id IN (SELECT value FROM json_each(?))
  RETURNING billing_period_id AS id, start_date`;

/** A billing period removed once and listed again: its removal says so, and so does a restatement. */
function noteReappearances(db: CacheDatabase, connectionId: number, records: readonly PagedRecord[], at: string, restate: (r: RestatementInput) => void): void {
  if (records.length === 0 || cachedStatement<[number], { any: number }>(db, ANY_OPEN_REMOVAL).get(connectionId)?.any !== 1) return;
  const back = cachedStatement<[string, number, string], { id: number; start_date: string }>(db, MARK_REAPPEARED).all(at, connectionId, JSON.stringify(records.map((r) => r.record.id)));
  for (const { id, start_date } of back) {
    restate({ entity: 'billing_period', entityKey: billingPeriodKey(id), periodStart: start_date, field: 'presence', oldValue: 'removed', newValue: 'present' });
  }
}

const MOVE_TO_REMOVALS = `INSERT INTO billing_period_removal (connection_id, billing_period_id, loan_name, start_date, end_date, status, currency, amount_minor, funding_source,
    first_seen_at, last_seen_at, status_history_json, removed_at, evidence_raw_response_id, last_raw_response_id, sync_run_id)
  SELECT b.connection_id, b.id, b.loan_name, b.start_date, b.end_date, b.status, b.currency, b.amount_minor, b.funding_source, b.first_seen_at, b.last_seen_at,
    (SELECT json_group_array(json_object('status', s.status, 'seenFrom', s.seen_from)) FROM
       (SELECT status, seen_from FROM billing_period_status WHERE connection_id = b.connection_id AND id = b.id ORDER BY seen_from) AS s),
    @at, @evidence, b.raw_response_id, @run
  FROM billing_period b WHERE b.connection_id = @connection AND b.id = @id
  RETURNING start_date`;
const DELETE_PERIOD = 'DELETE FROM billing_period WHERE connection_id = ? AND id = ?';

/**
 * A billing period the upstream confirmed gone: moved whole (status history included) into
 * billing_period_removal, so figures leave it out and the history keeps it, with a restatement
 * that voids any sign-off it was part of. False when the cache never had it.
 */
function moveToRemovals(
  db: CacheDatabase,
  connectionId: number,
  id: number,
  context: { at: string; evidenceRawId: number; syncRunId: number | null },
  restate: (r: RestatementInput) => void,
): boolean {
  const moved = cachedStatement<[Record<string, unknown>], { start_date: string }>(db, MOVE_TO_REMOVALS).get({
    connection: connectionId,
    id,
    at: context.at,
    evidence: context.evidenceRawId,
    run: context.syncRunId,
  });
  if (!moved) return false;
  cachedStatement(db, DELETE_PERIOD).run(connectionId, id);
  restate({ entity: 'billing_period', entityKey: billingPeriodKey(id), periodStart: moved.start_date, field: 'presence', oldValue: 'present', newValue: 'removed' });
  return true;
}

/** What the retrieve endpoint said about one billing period. */
export type SingleOutcome = { kind: 'record'; record: BillingPeriodRecord } | { kind: 'quarantined'; quarantined: QuarantinedRecord } | { kind: 'gone'; id: number };

/** One record refreshed by id, in its own transaction; `removed` when a 404 moved it to the removal history. */
export function storeSingleBillingPeriod(
  db: CacheDatabase,
  input: { connectionId: number; outcome: SingleOutcome; raw: RawToStore; at: string },
): { restatements: number; removed: boolean } {
  return db.transaction(() => {
    const { outcome } = input;
    // A 404 for a record the cache never had changes nothing, and is not kept.
    if (outcome.kind === 'gone' && !cachedStatement<[number, number], StoredBillingPeriod>(db, SELECT_ONE).get(input.connectionId, outcome.id)) return { restatements: 0, removed: false };
    const rawId = insertRawResponse(db, input.connectionId, null, input.raw);
    if (outcome.kind === 'quarantined') {
      insertQuarantine(db, input.connectionId, null, [outcome.quarantined], input.at, rawId);
      return { restatements: 0, removed: false };
    }
    const write = restatementWriter(db, input.connectionId, input.at, null);
    let restatements = 0;
    const restate = (r: RestatementInput): void => {
      write(r);
      restatements++;
    };
    if (outcome.kind === 'gone') {
      const removed = moveToRemovals(db, input.connectionId, outcome.id, { at: input.at, evidenceRawId: rawId, syncRunId: null }, restate);
      return { restatements, removed };
    }
    const old = cachedStatement<[number, number], StoredBillingPeriod>(db, SELECT_ONE).get(input.connectionId, outcome.record.id);
    upsertBillingPeriod(db, input.connectionId, outcome.record, old, null, rawId, input.at, restate);
    noteReappearances(db, input.connectionId, [{ record: outcome.record, page: 0 }], input.at, restate);
    return { restatements, removed: false };
  }).immediate();
}
