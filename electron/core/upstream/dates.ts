/**
 * Calendar dates as YYYY-MM-DD text and as day numbers (days since 1970-01-01, UTC), so date
 * arithmetic never meets a time zone or a daylight-saving hour.
 */
export function isCalendarDate(text: string): boolean {
  // Checked by character codes: this runs for every date of every record synced. Callers in
  // plain JavaScript may pass anything, hence the type test.
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return false;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

/** The value of text[from, to) when it is all ASCII digits, else -1. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function dayNumber(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`"${date}" is not a date as YYYY-MM-DD.`);
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

export function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** Days from start to end, both ends counted: 1 January to 31 March 2026 is 90. */
export function daysInclusive(start: string, end: string): number {
  return dayNumber(end) - dayNumber(start) + 1;
}

/** The calendar date of an instant, in UTC. */
export function dateOfInstant(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
