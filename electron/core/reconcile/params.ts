import { ReconcileError } from './connection.ts';
import { parseDay } from './dates.ts';

/** A valid from ≤ to pair of calendar dates, as epoch days. */
export function requireRange(from: string, to: string): { fromDay: number; toDay: number } {
  const fromDay = parseDay(from);
  const toDay = parseDay(to);
  if (fromDay === null) throw new ReconcileError(`"${from}" is not a date: use YYYY-MM-DD.`);
  if (toDay === null) throw new ReconcileError(`"${to}" is not a date: use YYYY-MM-DD.`);
  if (fromDay > toDay) throw new ReconcileError(`The range starts (${from}) after it ends (${to}).`);
  return { fromDay, toDay };
}

export function requireDays(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new ReconcileError(`${what} must be a whole number of days, 0 or more.`);
  return value;
}

const DIGITS = /^\d+$/;

/**
 * Provider ids sorted as people expect: numeric ids by value ("2" before "10"), anything else by
 * code unit. Cheap on purpose: it breaks ties in a sort of 100,000 rows.
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length !== b.length && DIGITS.test(a) && DIGITS.test(b)) return a.length - b.length;
  return a < b ? -1 : 1;
}
