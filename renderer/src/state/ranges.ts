/**
 * Which dates a screen shows: the range last chosen for the connection (kept in settings), or
 * the last complete month, which is what an accountant usually closes next.
 */
import type { PeriodKind, RememberedRange } from '../api/types.ts';

export interface Range {
  from: string;
  to: string;
  period: PeriodKind;
}

function iso(year: number, monthIndex: number, day: number): string {
  const d = new Date(Date.UTC(year, monthIndex, day));
  return d.toISOString().slice(0, 10);
}

/** The last whole calendar month before today (today in the user's own time zone). */
export function lastCompleteMonth(now: Date = new Date()): Range {
  const year = now.getFullYear();
  const month = now.getMonth();
  return { from: iso(year, month - 1, 1), to: iso(year, month, 0), period: 'month' };
}

export function rangesByConnection(list: readonly RememberedRange[]): Map<string, Range> {
  return new Map(list.map((r) => [r.connection, { from: r.from, to: r.to, period: r.period }]));
}

export function sameRange(a: Range, b: Range): boolean {
  return a.from === b.from && a.to === b.to && a.period === b.period;
}
