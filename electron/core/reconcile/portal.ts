/**
 * Portal reconciliation: invoiced vs provider-reported, per provider and period, with the checks
 * of the upstream's own figures. One set-based read per table for the range, one pass in memory.
 */
import { isoInstant } from '../deps.ts';
import { currencyExponent, formatMinor, parseDecimalToMinor } from '../money/index.ts';
import { withinPercentOf } from './fast-math.ts';
import { getConnection, type Connection } from '../connections/index.ts';
import { voidStaleSignoffs } from '../review/stale-signoffs.ts';
import type { SavedTolerance } from '../review/types.ts';
import { ReconcileError } from './connection.ts';
import { findCoverageGaps } from './coverage.ts';
import { parseDay, periodsOf } from './dates.ts';
import { figureChangesSince, portalFiguresHash, portalFiguresText } from './figures.ts';
import { portalOpenItems } from './open-items.ts';
import { checkGrandTotals, FindingSet } from './portal-checks.ts';
import { classify, readPortalRows, type Tolerance, type WindowRecord } from './portal-rows.ts';
import { PortalTotalsBuilder } from './portal-totals.ts';
import { restatementsOf } from './restatements.ts';
import { requireRange } from './params.ts';
import type { PortalParams, PortalReconciliation, ReconcileDeps } from './types.ts';

export { classify, PORTAL_ROWS_SQL, type Tolerance, type WindowRecord } from './portal-rows.ts';

const WINDOWS_SQL = `SELECT id, period_start, period_end, window_start, window_end, provider_filter, status, error, synced_at
  FROM sync_window WHERE connection_id = @c AND period_kind = @kind AND period_start >= @from AND period_end <= @to
  ORDER BY period_start, window_start, provider_filter`;

export function reconcilePortal({ db, reviews: store }: ReconcileDeps, params: PortalParams): PortalReconciliation {
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
  const tolerance = resolveTolerance(connection, store.savedTolerance(connection), exponent, params);
  const q = { c: connection.id, kind: params.period, from: params.from, to: params.to };

  const windows = db.prepare<typeof q, WindowRecord>(WINDOWS_SQL).all(q);
  const windowById = new Map(windows.map((w) => [w.id, w]));
  const findings = new FindingSet(exponent);
  const reviews = store.reviews(connection);
  const periodsExpected = periodsOf(fromDay, toDay, params.period);
  const totalsBuilder = new PortalTotalsBuilder(currency, exponent, windows, periodsExpected);
  const { rows, built, windowSums } = readPortalRows(db, q, { connectionName: connection.name, currency, exponent, tolerance, windows, reviews, findings, totals: totalsBuilder });

  // Checks of the figures as a whole: grand totals per window, quarantine, coverage.
  const grandTotals = db
    .prepare<typeof q, { window_id: number; task_count: number; invoiced_minor: number; provider_minor: number; paid_minor: number; pending_minor: number }>(
      `SELECT g.window_id, g.task_count, g.invoiced_minor, g.provider_minor, g.paid_minor, g.pending_minor
       FROM sync_window w JOIN portal_grand_total g ON g.window_id = w.id
       WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to`,
    )
    .all(q);
  checkGrandTotals(findings, windows, windowSums, grandTotals);

  const quarantined = db
    .prepare<typeof q, { id: number; window_id: number; record_key: string | null; reason: string }>(
      `SELECT q.id, q.window_id, q.record_key, q.reason FROM sync_window w JOIN quarantine q ON q.window_id = w.id
       WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to ORDER BY q.id`,
    )
    .all(q);
  for (const record of quarantined) {
    const w = windowById.get(record.window_id);
    if (w) findings.quarantined(w, record);
  }

  const coverageGaps = findCoverageGaps(
    periodsExpected,
    windows.map((w) => ({ start: dayOf(w.window_start), end: dayOf(w.window_end), status: w.status, error: w.error })),
  );
  for (const gap of coverageGaps) findings.coverageGap(gap);

  const { totals, periods } = totalsBuilder.finish(coverageGaps);
  const findingList = findings.list(reviews);
  const complete = coverageGaps.length === 0 && quarantined.length === 0;

  // The figures' hash costs a pass over every row: it is worked out only when something reads it
  // (a sign-off, an export, the check below when this range has a live sign-off), then kept.
  const head = { connection: connection.name, from: params.from, to: params.to, period: params.period };
  let hash: string | undefined;
  const dataHash = (): string => (hash ??= portalFiguresHash(head, rows, totals));
  voidStaleSignoffs(store, connection, { ...head, hash: dataHash, describeChange: figureChangesSince(() => portalFiguresText(head, rows, totals)) });

  return {
    connection: connection.name,
    kind: 'portal',
    currency,
    from: params.from,
    to: params.to,
    period: params.period,
    complete,
    tolerance: { abs: formatMinor(tolerance.absMinor, exponent), absMinor: tolerance.absMinor, pct: tolerance.pct },
    rows,
    totals,
    periods,
    findings: findingList,
    coverageGaps,
    restatements: restatementsOf(db, connection.id, params.from, params.to, currency),
    openItems: portalOpenItems(db, {
      connection,
      currency,
      exponent,
      period: params.period,
      from: params.from,
      now: params.agedAt ?? params.now,
      // Open items come out sorted by age and key, whatever the order in: the rows as built are
      // read in memory order, faster than the ranking's.
      rows: built,
      reviews,
      classify: (difference, invoiced) => {
        const c = classify(difference, invoiced, tolerance);
        return c === 'PROVIDER_HIGHER' || c === 'PROVIDER_LOWER';
      },
    }),
    signoffs: store.signoffs(connection, { from: params.from, to: params.to, period: params.period }),
    get dataHash() {
      return dataHash();
    },
    generatedAt: isoInstant(params.now),
  };
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

function dayOf(date: string): number {
  const day = parseDay(date);
  if (day === null) throw new ReconcileError(`The cache holds an unreadable date "${date}": sync the range again.`);
  return day;
}
