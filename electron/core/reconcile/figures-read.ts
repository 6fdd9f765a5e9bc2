/**
 * The figures a sign-off of a range covers, read from the cache in one streaming pass: nothing
 * but the amounts and counts, in the canonical order (see figures.ts), never a whole
 * reconciliation. A sign-off hashes them before signing; the write step that voids stale
 * sign-offs compares them with what was signed.
 */
import type { ReadableDB } from '../cache/index.ts';
import { currencyExponent, formatMinor } from '../money/index.ts';
import { portalRowKey } from '../review/keys.ts';
import { getConnection, type Connection } from '../connections/index.ts';
import { ReconcileError } from './connection.ts';
import { exact } from './sql-functions.ts';
import { minorFormatter } from './fast-math.ts';
import { collectText, emitFigures, hashChunks, paygLines, portalFigureLine, portalTotalLine, type Sink } from './figures.ts';
import { requireRange } from './params.ts';
import { paygAggregates } from './payg.ts';
import { mergedRowsSql, rankProviders, type MergedRow, type RangeQuery } from './portal-sql.ts';
import { TempTables } from './temp-tables.ts';

export interface FiguresRange {
  connection: string;
  from: string;
  to: string;
  period: 'month' | 'week' | 'range';
}

/** The canonical figures text of a range, written to `sink` in chunks. */
export function writeRangeFigures(db: ReadableDB, range: FiguresRange, sink: Sink): void {
  const connection = getConnection(db, range.connection);
  requireRange(range.from, range.to);
  const head = { connection: connection.name, from: range.from, to: range.to, period: range.period };
  if (connection.kind === 'portal') {
    writePortal(db, connection, range, (lines) => emitFigures('portal', head, lines, sink));
    return;
  }
  if (range.period === 'range') throw new ReconcileError('For a PAYG connection the period must be week or month.');
  const { plainRows, totals } = paygAggregates(db, { connectionId: connection.id, from: range.from, to: range.to, period: range.period, groupBy: null, now: 0 });
  emitFigures('payg', head, paygLines(plainRows, totals), sink);
}

/** sha256 of the range's figures: the hash a sign-off of it records. */
export function rangeFiguresHash(db: ReadableDB, range: FiguresRange): string {
  return hashChunks((sink) => writeRangeFigures(db, range, sink));
}

export function rangeFiguresText(db: ReadableDB, range: FiguresRange): string {
  return collectText((sink) => writeRangeFigures(db, range, sink));
}

/** Rows ranked as the reconciliation ranks them (|difference| desc, provider, period), then the total. */
function writePortal(db: ReadableDB, connection: Connection, range: FiguresRange, emit: (lines: Iterable<string>) => void): void {
  const currency = connection.currency ?? '';
  const exponent = currencyExponent(currency);
  const money = minorFormatter(exponent);
  const q: RangeQuery = { c: connection.id, kind: range.period, from: range.from, to: range.to };
  const temp = new TempTables(db);
  try {
    const ranks = rankProviders(temp, q);
    const statement = db
      .prepare<RangeQuery, MergedRow>(
        `SELECT m.* FROM (${mergedRowsSql('range')}) m JOIN ${ranks} p ON p.id = m.provider_id
         ORDER BY abs(m.provider_minor - m.invoiced_minor) DESC, p.rank, m.period_start`,
      )
      .raw();
    const total = { rowCount: 0, taskCount: 0, invoiced: 0, provider: 0, paid: 0, pending: 0 };
    emit(
      (function* lines() {
        for (const [providerId, periodStart, , , taskCount, invoiced, provider, paid, pending] of statement.iterate(q)) {
          total.rowCount += 1;
          total.taskCount += taskCount;
          total.invoiced = exact(total.invoiced + invoiced);
          total.provider = exact(total.provider + provider);
          total.paid = exact(total.paid + paid);
          total.pending = exact(total.pending + pending);
          yield portalFigureLine({ key: portalRowKey(providerId, periodStart), invoiced: money(invoiced), paid: money(paid), pending: money(pending), providerReported: money(provider), taskCount });
        }
        yield portalTotalLine({
          currency,
          rowCount: total.rowCount,
          taskCount: total.taskCount,
          invoiced: formatMinor(total.invoiced, exponent),
          providerReported: formatMinor(total.provider, exponent),
          paid: formatMinor(total.paid, exponent),
          pending: formatMinor(total.pending, exponent),
        });
      })(),
    );
  } finally {
    temp.dropAll();
  }
}
