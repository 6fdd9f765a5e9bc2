/**
 * Calendar helpers on "epoch days" (whole days since 1970-01-01, UTC). The sandbox never uses local
 * time: every date in both APIs is a plain ISO calendar date, and timestamps are UTC.
 */

export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict `YYYY-MM-DD` calendar date to an epoch day, or null if malformed or impossible (2025-02-30). */
export function parseIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return Math.floor(ms / DAY_MS);
}

/** Like `parseIsoDate` but throws a helpful error (for options given by developers). */
export function requireIsoDate(text: string, what: string): number {
  const day = parseIsoDate(text);
  if (day === null) throw new RangeError(`${what}: expected a YYYY-MM-DD date, got ${JSON.stringify(text)}`);
  return day;
}

/** Formats an epoch day as `YYYY-MM-DD`. */
export function formatIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day of week with Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function dayOfWeek(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function mondayOnOrAfter(day: number): number {
  const dow = dayOfWeek(day);
  return dow === 0 ? day : day + (7 - dow);
}

export function mondayOnOrBefore(day: number): number {
  return day - dayOfWeek(day);
}

export function sundayOnOrBefore(day: number): number {
  const dow = dayOfWeek(day);
  return dow === 6 ? day : day - dow - 1;
}

/** Number of days from `from` to `to` counting both ends (1 Jan–31 Mar 2026 = 90). */
export function inclusiveDays(from: number, to: number): number {
  return to - from + 1;
}

/** ISO 8601 UTC timestamp with milliseconds (`2025-05-26T02:00:00.000Z`). */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
