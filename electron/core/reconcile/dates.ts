/**
 * Calendar arithmetic on "epoch days" (whole UTC days since 1970-01-01). Every date in the cache is
 * a plain ISO calendar date, so local time zones never enter a reconciliation.
 */
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Reconciling a million billing periods parses the same few hundred dates over and over.
const parsed = new Map<string, number | null>();

/** Strict YYYY-MM-DD to an epoch day; null when malformed or impossible (2026-02-30). */
export function parseDay(text: string): number | null {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const m = ISO_DATE.exec(text);
  let day: number | null = null;
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    day = Math.floor(ms / DAY_MS);
    if (formatDay(day) !== text) day = null;
  }
  if (parsed.size > 100_000) parsed.clear();
  parsed.set(text, day);
  return day;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC calendar day of a clock reading. */
export function dayOfInstant(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Monday of the ISO week holding `day` (1970-01-01 was a Thursday). */
export function isoWeekStart(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

export function monthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS);
}

export function monthEnd(day: number): number {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS) - 1;
}

export interface DayInterval {
  start: number;
  end: number;
}

/**
 * The calendar periods of a range, clipped to it: ISO weeks (Monday–Sunday), calendar months, or
 * the whole range as one period.
 */
export function periodsOf(from: number, to: number, kind: 'week' | 'month' | 'range'): DayInterval[] {
  if (kind === 'range') return [{ start: from, end: to }];
  const out: DayInterval[] = [];
  let cursor = from;
  while (cursor <= to) {
    const end = kind === 'week' ? isoWeekStart(cursor) + 6 : monthEnd(cursor);
    out.push({ start: cursor, end: Math.min(end, to) });
    cursor = end + 1;
  }
  return out;
}

/** Start of the (unclipped) period holding `day`. */
export function periodStartOf(day: number, kind: 'week' | 'month'): number {
  return kind === 'week' ? isoWeekStart(day) : monthStart(day);
}

export function periodEndOf(day: number, kind: 'week' | 'month'): number {
  return kind === 'week' ? isoWeekStart(day) + 6 : monthEnd(day);
}

/** Whole days elapsed from an ISO instant (or date) to a clock reading; null when unreadable. */
export function daysSinceInstant(instant: string, now: number): number | null {
  const ms = Date.parse(instant.length === 10 ? `${instant}T00:00:00Z` : instant);
  if (Number.isNaN(ms)) return null;
  return Math.floor((now - ms) / DAY_MS);
}
