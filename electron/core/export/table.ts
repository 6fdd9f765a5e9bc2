/**
 * One description of a table's columns serves both faces of an export: the workbook sheet
 * (typed, formatted cells) and the CSV file (plain text). Rows carry primitive values only, in
 * the units the rest of Concilia uses, and are converted at the last moment.
 *
 *   text     string (from upstream or people: always written as text)
 *   money    integer minor units of the row's currency (or the column's)
 *   percent  exact decimal text of percent points ("-1.25"), or null when no percent exists
 *   date     'YYYY-MM-DD'
 *   instant  ISO-8601 UTC instant
 *   integer  a count
 */
export type ColumnKind = 'text' | 'money' | 'percent' | 'date' | 'instant' | 'integer';

export interface ColumnSpec {
  header: string;
  kind: ColumnKind;
  /** Width in characters; a guess that fits the usual content, not the longest. */
  width: number;
  /** Sentences and notes: wrapped within the column rather than cut off where the next begins. */
  wrap?: boolean;
}

/** A formula whose computed result is written beside it, so no reader has to recalculate. */
export interface FormulaValue {
  formula: string;
  /**
   * In the column's units: minor units for money, a count for integers, percent text for
   * percents. null when the formula yields an empty text (a percent of nothing).
   */
  result: number | string | null;
}

export type CellInput = string | number | FormulaValue | null | undefined;

export interface RowOptions {
  /** Currency of the row's money cells (defaults to the sheet's). */
  currency?: string;
  /** Fill the row: an out-of-tolerance line, an exception. */
  highlight?: boolean;
  /** Bold, e.g. a totals line. */
  bold?: boolean;
  /** Wrap every text cell of the row (About's evidence: keys, signatures, signed entries). */
  wrap?: boolean;
  /** A banner no reader can miss: large, bold, on red (alarm) or green (ok). */
  banner?: 'alarm' | 'ok';
}

export function isFormula(value: CellInput): value is FormulaValue {
  return typeof value === 'object' && value !== null;
}

/** Spreadsheet column letters for a 1-based index: 1 -> A, 27 -> AA. */
export function columnLetter(index: number): string {
  let n = index;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A sheet name quoted for use in a formula reference: 'All rows'!A1 */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
