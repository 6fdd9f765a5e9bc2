/**
 * Dates and instants for the user's locale. Calendar dates ('YYYY-MM-DD') are formatted in UTC so a
 * period never shifts by a day across time zones; instants (sync times) in local time.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export function formatDate(text: string | null | undefined, locale: string): string {
  if (!text) return '—';
  const d = parseIsoDate(text);
  return d ? fmt(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d) : text;
}

/** "Sep 2025", "sept 2025": the month and the year only (some locales add " de ", which only takes room). */
export function formatMonth(text: string, locale: string): string {
  const d = parseIsoDate(text);
  if (!d) return text;
  const parts = fmt(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).formatToParts(d);
  const month = parts.find((p) => p.type === 'month')?.value;
  const year = parts.find((p) => p.type === 'year')?.value;
  return month && year ? `${month} ${year}` : parts.map((p) => p.value).join('');
}

/** A whole calendar month reads as its name ("Mar 2025"); any other span as its two dates. */
export function formatSpan(start: string, end: string | null, locale: string): string {
  const a = parseIsoDate(start);
  const b = end ? parseIsoDate(end) : null;
  if (!a) return start;
  if (!b) return formatDate(start, locale);
  const wholeMonth = a.getUTCDate() === 1 && b.getUTCMonth() === a.getUTCMonth() && b.getUTCFullYear() === a.getUTCFullYear() && new Date(b.getTime() + 86_400_000).getUTCDate() === 1;
  return wholeMonth ? formatMonth(start, locale) : formatPeriod(start, end ?? start, locale);
}

export function formatPeriod(start: string, end: string, locale: string): string {
  const a = parseIsoDate(start);
  const b = parseIsoDate(end);
  if (!a || !b) return `${start} – ${end}`;
  return fmt(locale, { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(a, b);
}

export function formatInstant(text: string | number | null | undefined, locale: string): string {
  if (text == null || text === '') return '—';
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return String(text);
  return fmt(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatRelative(text: string | null | undefined, now: number, locale: string): string {
  if (!text) return '—';
  const t = new Date(text).getTime();
  if (Number.isNaN(t)) return text;
  const seconds = Math.round((t - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

/** ISO date of a UTC Date. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const d = parseIsoDate(iso);
  if (!d) return iso;
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}
