/**
 * Figures, dates and periods written for people, without floats: a decimal text keeps every digit
 * it has ("37871055.00" is "37,871,055.00" in English, "37.871.055,00" in Spanish).
 */
import type { Language } from './language.ts';

const SEPARATORS: Record<Language, { group: string; decimal: string }> = {
  en: { group: ',', decimal: '.' },
  es: { group: '.', decimal: ',' },
};

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** An exact decimal text with the language's separators; anything else as it is. */
export function formatDecimal(text: string, language: Language): string {
  const match = DECIMAL.exec(text.trim());
  if (!match) return text;
  const { group, decimal } = SEPARATORS[language];
  const [, sign = '', int = '', frac] = match;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${grouped}${frac === undefined ? '' : `${decimal}${frac}`}`;
}

/** A percent given as decimal text ("0.5" is "0.5 %" / "0,5 %"). */
export function formatPercent(text: string, language: Language): string {
  return `${formatDecimal(text, language)} %`;
}

export function formatCount(n: number, language: Language): string {
  return formatDecimal(String(n), language);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(language, options)));
  return f;
}

function isoDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** "3 March 2025" / "3 de marzo de 2025" (calendar dates never shift with the time zone). */
export function formatDay(text: string, language: Language): string {
  const d = isoDay(text);
  return d ? dateFormat(language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d) : text;
}

/** "March 2025" / "marzo de 2025". */
export function formatMonthOf(text: string, language: Language): string {
  const d = isoDay(text);
  return d ? dateFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d) : text;
}

/** An instant in the reader's time zone: "15 March 2026, 13:00". */
export function formatInstant(iso: string, language: Language): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(d);
}
