/** The calendar periods of a range, the same way sync cuts them: months, ISO weeks, or the whole range. */
import { addDays, isoDate, parseIsoDate } from './dates.ts';
import type { PeriodKind } from '../api/types.ts';

export interface Period {
  start: string;
  end: string;
}

export function periodsOf(from: string, to: string, kind: PeriodKind, limit = 400): Period[] {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (!a || !b || a > b) return [];
  if (kind === 'range') return [{ start: from, end: to }];
  const out: Period[] = [];
  if (kind === 'month') {
    let y = a.getUTCFullYear();
    let m = a.getUTCMonth();
    while (out.length < limit) {
      const start = new Date(Date.UTC(y, m, 1));
      if (start > b) break;
      const end = new Date(Date.UTC(y, m + 1, 0));
      out.push({ start: isoDate(start), end: isoDate(end) });
      m += 1;
      if (m === 12) {
        m = 0;
        y += 1;
      }
    }
    return out;
  }
  // ISO weeks start on Monday.
  const dow = (a.getUTCDay() + 6) % 7;
  let start = addDays(from, -dow);
  while (out.length < limit && start <= to) {
    out.push({ start, end: addDays(start, 6) });
    start = addDays(start, 7);
  }
  return out;
}
