/**
 * What a finding of the portal's checks says, in English or Spanish, built from what it holds
 * (its check, whom and which period it is about, the figure expected and the one sent, how many
 * times it fired): the workbook's Checks sheet and the command line's text say it from here.
 * Nothing stores the sentence, so a finding reads in the language of whoever reads it.
 */
import { formatDay, formatDecimal, formatPercent } from './format.ts';
import type { Language } from './language.ts';

/** The facts of a finding a sentence is made of (a PortalFinding has them all). */
export interface FindingFacts {
  check: string;
  providerId: string | null;
  periodStart: string;
  periodEnd: string;
  /** Decimal text for amounts, digits for counts, the percent for rates; words for the rest (see FIGURE_WORDS). */
  expected: string;
  actual: string;
  /** How many times the check fired in the period (a quarantined record: how many were set aside). */
  occurrences: number;
  /** More about the finding (a coverage gap: the sync's error), in the words it was recorded with. */
  detail: string | null;
}

/** The words the checks put where a figure would be, as the back end writes them. */
const FIGURE_WORDS = ['ok', 'missing', 'failed', 'incomplete', 'none', 'a grand total', 'a valid record'] as const;
type FigureWord = (typeof FIGURE_WORDS)[number];

/** What each check measures: how its expected and sent figures are written (the window's too). */
export const FINDING_UNITS: Readonly<Record<string, 'amount' | 'count' | 'percent'>> = {
  paid_plus_pending: 'amount',
  grand_total_invoiced: 'amount',
  grand_total_provider: 'amount',
  grand_total_paid: 'amount',
  grand_total_pending: 'amount',
  status_counts: 'count',
  grand_total_task_count: 'count',
  approval_rate: 'percent',
};

interface FindingWords {
  figure: Record<FigureWord, string>;
  where: (who: string | null, from: string, to: string) => string;
  provider: (id: string) => string;
  record: (id: string) => string;
  more: (n: number) => string;
  paidPlusPending: (actual: string, expected: string) => string;
  statusCounts: (actual: string, expected: string) => string;
  approvalRate: (actual: string, expected: string, more: string) => string;
  grandTotalMissing: string;
  grandTotal: (field: string, actual: string, expected: string) => string;
  grandTotalField: Record<string, string>;
  quarantined: (reason: string, more: string) => string;
  notSynced: string;
  syncFailed: (detail: string) => string;
  syncStopped: (detail: string) => string;
}

const en: FindingWords = {
  figure: { ok: 'synced', missing: 'not synced', failed: 'sync failed', incomplete: 'sync interrupted', none: 'none', 'a grand total': 'a grand total', 'a valid record': 'a readable record' },
  where: (who, from, to) => `${who === null ? '' : `${who}, `}${from} to ${to}`,
  provider: (id) => `provider ${id}`,
  record: (id) => `record ${id}`,
  more: (n) => ` (and ${n} more like it)`,
  paidPlusPending: (actual, expected) => `paid + pending comes to ${actual}, but invoiced is ${expected}.`,
  statusCounts: (actual, expected) => `approved + rejected + in review comes to ${actual}, but the task count is ${expected}.`,
  approvalRate: (actual, expected, more) => `the approval rate sent is ${actual}, but approved / tasks × 100 is ${expected}${more}.`,
  grandTotalMissing: 'the report had rows but no grand total.',
  grandTotal: (field, actual, expected) => `the report's grand total ${field} is ${actual}, but its rows add up to ${expected}.`,
  grandTotalField: { task_count: 'of tasks', invoiced: 'invoiced', provider: 'provider-reported', paid: 'paid', pending: 'pending' },
  quarantined: (reason, more) => `a record could not be read and was set aside: ${reason}${more}.`,
  notSynced: 'not synced; run concilia sync for this range.',
  syncFailed: (detail) => `the last sync failed${detail}; sync it again.`,
  syncStopped: (detail) => `the last sync stopped before the end${detail}; sync it again.`,
};

const es: FindingWords = {
  figure: { ok: 'sincronizado', missing: 'sin sincronizar', failed: 'sincronización fallida', incomplete: 'sincronización interrumpida', none: 'ninguno', 'a grand total': 'un total general', 'a valid record': 'un registro legible' },
  where: (who, from, to) => `${who === null ? '' : `${who}, `}del ${from} al ${to}`,
  provider: (id) => `proveedor ${id}`,
  record: (id) => `registro ${id}`,
  more: (n) => ` (y ${n} más como este)`,
  paidPlusPending: (actual, expected) => `lo pagado más lo pendiente suma ${actual}, pero lo facturado es ${expected}.`,
  statusCounts: (actual, expected) => `las tareas aprobadas, rechazadas y en revisión suman ${actual}, pero el número de tareas es ${expected}.`,
  approvalRate: (actual, expected, more) => `la tasa de aprobación enviada es ${actual}, pero aprobadas / tareas × 100 da ${expected}${more}.`,
  grandTotalMissing: 'el informe tenía filas pero ningún total general.',
  grandTotal: (field, actual, expected) => `el total general ${field} del informe es ${actual}, pero sus filas suman ${expected}.`,
  grandTotalField: { task_count: 'de tareas', invoiced: 'facturado', provider: 'informado por el proveedor', paid: 'pagado', pending: 'pendiente' },
  quarantined: (reason, more) => `no se pudo leer un registro y se apartó: ${reason}${more}.`,
  notSynced: 'sin sincronizar; ejecute concilia sync para este rango.',
  syncFailed: (detail) => `la última sincronización falló${detail}; sincronícelo de nuevo.`,
  syncStopped: (detail) => `la última sincronización se detuvo antes del final${detail}; sincronícelo de nuevo.`,
};

const FINDING_WORDS: Record<Language, FindingWords> = { en, es };

function isFigureWord(value: string): value is FigureWord {
  return (FIGURE_WORDS as readonly string[]).includes(value);
}

/**
 * A finding's expected or sent figure as its reader writes it: amounts and counts with the
 * language's separators, rates with a % sign, the checks' words in the language; anything else
 * (a quarantined record's reason) as it was recorded.
 */
export function describeFindingFigure(check: string, value: string, language: Language): string {
  const unit = FINDING_UNITS[check];
  if (unit === 'percent') return formatPercent(value, language);
  if (unit !== undefined) return formatDecimal(value, language);
  return isFigureWord(value) ? FINDING_WORDS[language].figure[value] : value;
}

/** "Provider 504210987607, 1 January 2025 to 31 January 2025: paid + pending comes to …". */
export function describeFinding(f: FindingFacts, language: Language): string {
  const w = FINDING_WORDS[language];
  const who = f.providerId === null ? null : f.check === 'quarantined' ? w.record(f.providerId) : w.provider(f.providerId);
  const where = w.where(who, formatDay(f.periodStart, language), formatDay(f.periodEnd, language));
  const expected = describeFindingFigure(f.check, f.expected, language);
  const actual = describeFindingFigure(f.check, f.actual, language);
  const more = f.occurrences > 1 ? w.more(f.occurrences - 1) : '';
  const detail = f.detail ? ` (${f.detail})` : '';
  const said = `${where}: ${sentence(f, w, { expected, actual, more, detail })}`;
  return said.charAt(0).toLocaleUpperCase(language) + said.slice(1);
}

function sentence(f: FindingFacts, w: FindingWords, s: { expected: string; actual: string; more: string; detail: string }): string {
  switch (f.check) {
    case 'paid_plus_pending':
      return w.paidPlusPending(s.actual, s.expected);
    case 'status_counts':
      return w.statusCounts(s.actual, s.expected);
    case 'approval_rate':
      return w.approvalRate(s.actual, s.expected, s.more);
    case 'grand_total_missing':
      return w.grandTotalMissing;
    case 'quarantined':
      return w.quarantined(f.actual, s.more);
    case 'coverage_gap':
      if (f.actual === 'missing') return w.notSynced;
      return f.actual === 'failed' ? w.syncFailed(s.detail) : w.syncStopped(s.detail);
    default: {
      const field = f.check.replace('grand_total_', '');
      return w.grandTotal(w.grandTotalField[field] ?? field, s.actual, s.expected);
    }
  }
}
