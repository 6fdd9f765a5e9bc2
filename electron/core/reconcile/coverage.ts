import type { CoverageGap } from './types.ts';
import { formatDay, type DayInterval } from './dates.ts';

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
