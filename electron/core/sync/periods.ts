import { addDays, dateOfDay, dayNumber, daysInclusive } from '../upstream/dates.ts';

export type PeriodKind = 'month' | 'week' | 'range';

export interface Period {
  kind: PeriodKind;
  start: string;
  end: string;
}

export interface DateWindow {
  start: string;
  end: string;
}

export class PeriodError extends Error {
  override name = 'PeriodError';
}

/** Monday of the ISO week holding the date (1970-01-01, day 0, was a Thursday). */
export function isoWeekMonday(date: string): string {
  const day = dayNumber(date);
  return dateOfDay(day - ((((day + 3) % 7) + 7) % 7));
}

export function monthLastDay(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * Cut [from, to] into reporting periods, clipped to the range (the same rule reconciliation
 * uses): calendar months, ISO weeks Monday–Sunday, or the whole range as one period.
 */
export function cutPeriods(from: string, to: string, kind: PeriodKind): Period[] {
  if (daysInclusive(from, to) < 1) throw new PeriodError(`The range ${from} to ${to} ends before it starts.`);
  if (kind === 'range') return [{ kind, start: from, end: to }];
  const out: Period[] = [];
  let cursor = from;
  while (dayNumber(cursor) <= dayNumber(to)) {
    const natural = kind === 'week' ? addDays(isoWeekMonday(cursor), 6) : monthLastDay(cursor);
    const end = dayNumber(natural) < dayNumber(to) ? natural : to;
    out.push({ kind, start: cursor, end });
    cursor = addDays(end, 1);
  }
  return out;
}

/** Cut a period into consecutive windows of at most `maxDays` days, both ends counted. */
export function cutWindows(start: string, end: string, maxDays: number): DateWindow[] {
  if (!Number.isInteger(maxDays) || maxDays < 1) throw new PeriodError('A window holds at least one day.');
  const out: DateWindow[] = [];
  let cursor = start;
  while (dayNumber(cursor) <= dayNumber(end)) {
    const last = addDays(cursor, maxDays - 1);
    const windowEnd = dayNumber(last) < dayNumber(end) ? last : end;
    out.push({ start: cursor, end: windowEnd });
    cursor = addDays(windowEnd, 1);
  }
  return out;
}

/** Provider ids, de-duplicated and sorted, in chunks of at most `size`; [[]] means "all providers". */
export function chunkProviders(providers: readonly string[] | undefined, size: number): string[][] {
  const unique = [...new Set((providers ?? []).map((p) => p.trim()).filter((p) => p !== ''))].sort();
  if (unique.length === 0) return [[]];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += size) out.push(unique.slice(i, i + size));
  return out;
}

export interface PlannedWindow {
  period: Period;
  window: DateWindow;
  /** Sorted provider ids of this request; empty = all providers. */
  providers: string[];
  /** The sync_window.provider_filter text: '' or the comma-joined chunk. */
  providerFilter: string;
}

/** Every request of a sync, in date order: periods, then ≤ maxDays windows, then provider chunks. */
export function planWindows(from: string, to: string, kind: PeriodKind, options: { maxDays: number; providers?: readonly string[]; chunkSize?: number }): PlannedWindow[] {
  const chunks = chunkProviders(options.providers, options.chunkSize ?? 100);
  const out: PlannedWindow[] = [];
  for (const period of cutPeriods(from, to, kind)) {
    for (const window of cutWindows(period.start, period.end, options.maxDays)) {
      for (const providers of chunks) out.push({ period, window, providers, providerFilter: providers.join(',') });
    }
  }
  return out;
}
