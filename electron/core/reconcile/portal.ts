/**
 * Portal reconciliation: invoiced vs provider-reported, per provider and period, with the checks
 * of the upstream's own figures. Set-based: SQLite merges, classes and ranks the rows into a
 * temporary table, sums the totals and checks the raw rows; JavaScript holds only what is small
 * (windows, periods, findings). The rows and open items are read from there, page by page.
 */
import { isoInstant } from '../deps.ts';
import { currencyExponent, formatMinor, parseDecimalToMinor } from '../money/index.ts';
import { getConnection, type Connection } from '../connections/index.ts';
import type { SavedTolerance } from '../review/types.ts';
import { ReconcileError } from './connection.ts';
import { portalCoverageGaps } from './coverage.ts';
import { periodsOf } from './dates.ts';
import { minorFormatter, withinPercentOf } from './fast-math.ts';
import { emitFigures, hashChunks, portalFigureLine, portalTotalLine } from './figures.ts';
import { ListView } from './list-view.ts';
import { createOpenItems, fillPortalOpenItems, OPEN_ITEM_LIST, type OpenItemColumn } from './open-items.ts';
import { requireRange } from './params.ts';
import { checkGrandTotals, checkPortalRows, FindingSet } from './portal-checks.ts';
import { createPortalRows, portalRowList, ROW_KEY_SQL, rowSumsByPeriod, type PeriodRowSums, type RowColumn } from './portal-rows.ts';
import { rankProviders, WINDOWS_SQL, type RangeQuery } from './portal-sql.ts';
import { PortalTotalsBuilder } from './portal-totals.ts';
import { restatementsOf } from './restatements.ts';
import type { PortalOutline } from './schemas.ts';
import { exact, registerSqlFunctions, type Tolerance } from './sql-functions.ts';
import { TempTables } from './temp-tables.ts';
import type { OpenItem, PortalParams, PortalRow, ReconcileDeps } from './types.ts';

export { classify } from './sql-functions.ts';
export { PORTAL_ROWS_SQL } from './portal-checks.ts';
export type { Tolerance } from './sql-functions.ts';

export interface WindowRecord {
  id: number;
  period_start: string;
  period_end: string;
  window_start: string;
  window_end: string;
  provider_filter: string;
  status: 'ok' | 'incomplete' | 'failed';
  error: string | null;
  synced_at: string | null;
}

/** A portal reconciliation whose rows and open items stay in temporary tables until it is closed. */
export interface OpenPortal {
  kind: 'portal';
  outline: PortalOutline;
  rows: ListView<PortalRow, RowColumn>;
  openItems: ListView<OpenItem, OpenItemColumn>;
  /** sha256 of the figures a sign-off of this range covers: one read of the rows, in rank order. */
  dataHash(): string;
  /** Each period's rows added up, review states as they are now (a workbook's Summary). */
  periodSums(): Map<string, PeriodRowSums>;
  /** Review states changed: the findings read theirs again; orders by review are forgotten. */
  reviewsChanged(): void;
  close(): void;
}

export function openPortal(deps: ReconcileDeps, params: PortalParams): OpenPortal {
  const { db } = deps;
  const connection = getConnection(db, params.connection);
  if (connection.kind !== 'portal') {
    throw new ReconcileError(`${connection.name} is a PAYG connection: reconcile it as billed vs collected (period week or month).`);
  }
  const { fromDay, toDay } = requireRange(params.from, params.to);
  if (!['month', 'week', 'range'].includes(params.period)) {
    throw new ReconcileError(`The period must be month, week or range, not "${String(params.period)}".`);
  }
  const currency = connection.currency ?? '';
  const exponent = currencyExponent(currency);
  const tolerance = resolveTolerance(connection, deps.reviews.savedTolerance(connection), exponent, params);
  const q: RangeQuery = { c: connection.id, kind: params.period, from: params.from, to: params.to };
  registerSqlFunctions(db);
  const temp = new TempTables(db);
  // One read transaction: every figure of the reconciliation from the same snapshot of the cache.
  return db.transaction(() => build(deps, temp, { connection, params, currency, exponent, tolerance, q, fromDay, toDay }))();
}

function build(
  { db, reviews }: ReconcileDeps,
  temp: TempTables,
  input: { connection: Connection; params: PortalParams; currency: string; exponent: number; tolerance: Tolerance; q: RangeQuery; fromDay: number; toDay: number },
): OpenPortal {
  const { connection, params, currency, exponent, tolerance, q, fromDay, toDay } = input;
  try {
    const windows = db.prepare<RangeQuery, WindowRecord>(WINDOWS_SQL).all(q);
    const windowById = new Map(windows.map((w) => [w.id, w]));
    const findings = new FindingSet(exponent);
    const windowSums = checkPortalRows(db, q, { connectionName: connection.name, currency, windows: windowById, findings });

    const ranks = rankProviders(temp, q);
    const rowsTable = createPortalRows(temp, q, tolerance, ranks);
    const periodsExpected = periodsOf(fromDay, toDay, params.period);
    const totalsBuilder = new PortalTotalsBuilder(currency, exponent, windows, periodsExpected);
    totalsBuilder.addRows(db, rowsTable);

    // Checks of the figures as a whole: grand totals per window, quarantine, coverage.
    const grandTotals = db
      .prepare<RangeQuery, { window_id: number; task_count: number; invoiced_minor: number; provider_minor: number; paid_minor: number; pending_minor: number }>(
        `SELECT g.window_id, g.task_count, g.invoiced_minor, g.provider_minor, g.paid_minor, g.pending_minor
         FROM sync_window w JOIN portal_grand_total g ON g.window_id = w.id
         WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to`,
      )
      .all(q);
    checkGrandTotals(findings, windows, windowSums, grandTotals);
    const quarantined = db
      .prepare<RangeQuery, { id: number; window_id: number; record_key: string | null; reason: string }>(
        `SELECT q.id, q.window_id, q.record_key, q.reason FROM sync_window w JOIN quarantine q ON q.window_id = w.id
         WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to ORDER BY q.id`,
      )
      .all(q);
    for (const record of quarantined) {
      const w = windowById.get(record.window_id);
      if (w) findings.quarantined(w, record);
    }
    const coverageGaps = portalCoverageGaps(periodsExpected, windows);
    for (const gap of coverageGaps) findings.coverageGap(gap);
    const { totals, periods } = totalsBuilder.finish(coverageGaps);

    const openItemsTable = createOpenItems(temp);
    // Ages are counted to the "as of" day when one was asked, else to now.
    fillPortalOpenItems(temp, openItemsTable, { q, rows: rowsTable, ranks, currency, tolerance, now: params.agedAt ?? params.now });

    const outline: PortalOutline = {
      connection: connection.name,
      kind: 'portal',
      currency,
      from: params.from,
      to: params.to,
      period: params.period,
      complete: coverageGaps.length === 0 && quarantined.length === 0,
      tolerance: { abs: formatMinor(tolerance.absMinor, exponent), absMinor: tolerance.absMinor, pct: tolerance.pct },
      totals,
      periods,
      findings: findings.list(reviews.reviewsOfItems(connection, findings.keys())),
      coverageGaps,
      restatements: restatementsOf(db, connection.id, params.from, params.to, currency),
      signoffs: reviews.signoffs(connection, { from: params.from, to: params.to, period: params.period }),
      generatedAt: isoInstant(params.now),
    };
    const rows = new ListView(temp, rowsTable, connection.id, portalRowList(currency, exponent));
    let hash: string | undefined;
    return {
      kind: 'portal',
      outline,
      rows,
      openItems: new ListView(temp, openItemsTable, connection.id, OPEN_ITEM_LIST),
      dataHash: () => (hash ??= portalRowsHash(rows, { connection: connection.name, from: params.from, to: params.to, period: params.period }, totals, exponent)),
      periodSums: () => rowSumsByPeriod(db, rowsTable, connection.id),
      reviewsChanged() {
        outline.findings = findings.list(reviews.reviewsOfItems(connection, findings.keys()));
        this.rows.reviewsChanged();
        this.openItems.reviewsChanged();
      },
      close: () => temp.dropAll(),
    };
  } catch (error) {
    temp.dropAll();
    throw error;
  }
}

/** The figures text of the rows, read in rank order a chunk at a time, hashed as it is read. */
function portalRowsHash(
  rows: ListView<PortalRow, RowColumn>,
  head: { connection: string; from: string; to: string; period: string },
  totals: PortalOutline['totals'],
  exponent: number,
): string {
  const money = minorFormatter(exponent);
  const amount = (value: unknown): string => money(exact(value));
  return hashChunks((sink) =>
    emitFigures(
      'portal',
      head,
      (function* lines() {
        for (const chunk of rows.scan(`${ROW_KEY_SQL}, t.task_count, t.invoiced, t.provider_reported, t.paid, t.pending`)) {
          for (const [key, taskCount, invoiced, provider, paid, pending] of chunk) {
            yield portalFigureLine({ key: String(key), invoiced: amount(invoiced), paid: amount(paid), pending: amount(pending), providerReported: amount(provider), taskCount: exact(taskCount) });
          }
        }
        yield portalTotalLine(totals);
      })(),
      sink,
    ),
  );
}

function resolveTolerance(connection: Connection, saved: SavedTolerance, exponent: number, params: PortalParams): Tolerance {
  let absMinor = saved.absMinor;
  if (params.toleranceAbs !== undefined) {
    let parsed;
    try {
      parsed = parseDecimalToMinor(params.toleranceAbs, exponent);
    } catch {
      throw new ReconcileError(`The tolerance amount "${params.toleranceAbs}" is not a decimal amount (use digits and a point, such as 5000 or 12.50).`);
    }
    if (parsed.rounded) {
      throw new ReconcileError(`The tolerance amount "${params.toleranceAbs}" has more decimals than ${connection.currency ?? 'the currency'} allows.`);
    }
    absMinor = parsed.minor;
  }
  if (absMinor < 0) throw new ReconcileError('The tolerance amount cannot be negative.');
  const pct = params.tolerancePct ?? saved.pct;
  let pctScaled: number;
  try {
    pctScaled = parseDecimalToMinor(pct, 6).minor;
  } catch {
    throw new ReconcileError(`The tolerance percent "${pct}" is not a decimal number (such as 0.5 for half a percent).`);
  }
  if (pctScaled < 0) throw new ReconcileError('The tolerance percent cannot be negative.');
  return { absMinor, pct, withinPct: withinPercentOf(pct) };
}
