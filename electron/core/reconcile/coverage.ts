import type { ReadableDB } from '../cache/index.ts';
import type { CoverageGap } from './types.ts';
import { ReconcileError } from './connection.ts';
import { formatDay, parseDay, periodsOf, type DayInterval } from './dates.ts';
import { requireRange } from './params.ts';
import { WINDOWS_SQL } from './portal-sql.ts';

export interface CoverageWindow {
  start: number;
  end: number;
  status: 'ok' | 'incomplete' | 'failed';
  error: string | null;
}

/**
 * Which periods of a range are not fully backed by ok windows. A period is covered when every one
 * of its days lies in an ok window and no window touching it failed or stopped half-way (a failed
 * provider chunk leaves the ok chunk of the same dates short of providers).
 */
export function findCoverageGaps(periods: readonly DayInterval[], windows: readonly CoverageWindow[]): CoverageGap[] {
  const union = mergeIntervals(windows.filter((w) => w.status === 'ok'));
  const bad = windows.filter((w) => w.status !== 'ok').sort((a, b) => a.start - b.start);
  const gaps: CoverageGap[] = [];
  for (const period of periods) {
    const broken = bad.filter((w) => w.start <= period.end && w.end >= period.start);
    const failed = broken.find((w) => w.status === 'failed') ?? broken[0];
    if (failed) {
      gaps.push({
        periodStart: formatDay(period.start),
        periodEnd: formatDay(period.end),
        status: failed.status === 'ok' ? 'missing' : failed.status,
        error: failed.error,
      });
    } else if (!isCovered(union, period)) {
      gaps.push({ periodStart: formatDay(period.start), periodEnd: formatDay(period.end), status: 'missing', error: null });
    }
  }
  return gaps;
}

function mergeIntervals(intervals: readonly DayInterval[]): DayInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: DayInterval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && next.start <= last.end + 1) last.end = Math.max(last.end, next.end);
    else out.push({ start: next.start, end: next.end });
  }
  return out;
}

/** Merged intervals are disjoint and sorted: the period is covered only if one of them holds it. */
function isCovered(union: readonly DayInterval[], period: DayInterval): boolean {
  let lo = 0;
  let hi = union.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = union[mid];
    if (!candidate) return false;
    if (candidate.end < period.start) lo = mid + 1;
    else if (candidate.start > period.start) hi = mid - 1;
    else return candidate.end >= period.end;
  }
  return false;
}

interface WindowDates {
  window_start: string;
  window_end: string;
  status: 'ok' | 'incomplete' | 'failed';
  error: string | null;
}

/** A portal range's gaps: its windows are those of the period kind asked (a month is not four weeks). */
export function portalCoverageGaps(periods: readonly DayInterval[], windows: readonly WindowDates[]): CoverageGap[] {
  return findCoverageGaps(
    periods,
    windows.map((w) => ({ start: dayOf(w.window_start), end: dayOf(w.window_end), status: w.status, error: w.error })),
  );
}

/** A PAYG range's gaps: start-date windows of any period kind that overlap it. */
export function paygCoverageGaps(db: ReadableDB, q: { c: number; from: string; to: string }, periods: readonly DayInterval[]): CoverageGap[] {
  const windows = db
    .prepare<typeof q, WindowDates>('SELECT window_start, window_end, status, error FROM sync_window WHERE connection_id = @c AND window_start <= @to AND window_end >= @from')
    .all(q);
  return findCoverageGaps(
    periods,
    windows.flatMap((w) => {
      const start = parseDay(w.window_start);
      const end = parseDay(w.window_end);
      return start === null || end === null ? [] : [{ start, end, status: w.status, error: w.error }];
    }),
  );
}

/** The periods of a range not fully backed by ok windows, read on their own (a sign-off's check). */
export function rangeCoverageGaps(
  db: ReadableDB,
  connection: { id: number; kind: 'portal' | 'payg' },
  range: { from: string; to: string; period: 'month' | 'week' | 'range' },
): CoverageGap[] {
  const { fromDay, toDay } = requireRange(range.from, range.to);
  const periods = periodsOf(fromDay, toDay, range.period);
  const q = { c: connection.id, kind: range.period, from: range.from, to: range.to };
  if (connection.kind === 'portal') return portalCoverageGaps(periods, db.prepare<typeof q, WindowDates>(WINDOWS_SQL).all(q));
  return paygCoverageGaps(db, { c: connection.id, from: range.from, to: range.to }, periods);
}

function dayOf(date: string): number {
  const day = parseDay(date);
  if (day === null) throw new ReconcileError(`The cache holds an unreadable date "${date}": sync the range again.`);
  return day;
}

/** The period kinds of the windows synced within a range (portal: a month is not four weeks). */
export function syncedPeriodKinds(db: ReadableDB, connectionId: number, from: string, to: string): string[] {
  return db
    .prepare<[number, string, string], string>('SELECT DISTINCT period_kind FROM sync_window WHERE connection_id = ? AND period_start >= ? AND period_end <= ? ORDER BY period_kind')
    .pluck()
    .all(connectionId, from, to);
}

/** How many windows of any kind overlap a range (PAYG: start-date windows). */
export function windowsOverlapping(db: ReadableDB, connectionId: number, from: string, to: string): number {
  return db.prepare<[number, string, string], number>('SELECT count(*) FROM sync_window WHERE connection_id = ? AND window_start <= ? AND window_end >= ?').pluck().get(connectionId, to, from) ?? 0;
}
