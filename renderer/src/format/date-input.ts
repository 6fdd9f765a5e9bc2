/**
 * Dates people type, in the app's language rather than the browser's: 31/12/2025 in Spanish,
 * 12/31/2025 in American English. The order of day, month and year comes from Intl for the
 * locale; the ISO form (2025-12-31) is always accepted too.
 */
import { parseIsoDate } from './dates.ts';

export type DatePart = 'day' | 'month' | 'year';

export interface DatePattern {
  order: DatePart[];
  separator: string;
}

const patterns = new Map<string, DatePattern>();

export function datePattern(locale: string): DatePattern {
  let p = patterns.get(locale);
  if (!p) {
    const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2025, 11, 31)));
    const order = parts.map((x) => x.type).filter((type): type is DatePart => type === 'day' || type === 'month' || type === 'year');
    const separator = parts.find((x) => x.type === 'literal')?.value.trim() || '/';
    p = { order: order.length === 3 ? order : ['day', 'month', 'year'], separator };
    patterns.set(locale, p);
  }
  return p;
}

function iso(year: number, month: number, day: number): string | null {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const d = parseIsoDate(text);
  // 2025-02-30 parses to 2 March: only a date that reads back the same exists.
  return d && d.toISOString().slice(0, 10) === text ? text : null;
}

/** "31/12/2025" (es), "12/31/2025" (en-US) or "2025-12-31" → "2025-12-31"; null when it is no calendar date. */
export function parseDateInput(text: string, locale: string): string | null {
  const trimmed = text.trim();
  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  if (isoMatch) return iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
  const fields = trimmed.split(/[/.\-\s]+/);
  if (fields.length !== 3 || fields.some((f) => !/^\d{1,4}$/.test(f))) return null;
  const { order } = datePattern(locale);
  const value = (part: DatePart) => Number(fields[order.indexOf(part)]);
  const yearText = fields[order.indexOf('year')] ?? '';
  // Two-digit years are this century's; one or three digits are a typo.
  const year = yearText.length === 2 ? 2000 + value('year') : yearText.length === 4 ? value('year') : NaN;
  if (Number.isNaN(year)) return null;
  return iso(year, value('month'), value('day'));
}

/** "2025-12-31" → "31/12/2025" (es) or "12/31/2025" (en-US). */
export function formatDateInput(value: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const { order, separator } = datePattern(locale);
  const byPart: Record<DatePart, string> = { year: m[1] ?? '', month: m[2] ?? '', day: m[3] ?? '' };
  return order.map((part) => byPart[part]).join(separator);
}
