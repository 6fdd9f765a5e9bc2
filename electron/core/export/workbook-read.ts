/**
 * Reading back a workbook Concilia wrote, in either language: its sheets, header columns and
 * About facts by their English names (a Spanish workbook says "Acerca de", "Clave", "Desde"), and
 * review states, reasons and periods from their words in either language or their codes. The
 * review import and `concilia verify` read through here.
 */
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { LANGUAGES } from '../language/language.ts';
import { WORDS } from '../language/words.ts';
import { term } from '../language/workbook.ts';
import { REVIEW_REASONS, REVIEW_STATES, type ReviewReason, type ReviewState } from '../review/types.ts';
import { serialToDate } from './cell-format.ts';
import { WorkbookInputError } from './zip-guard.ts';

/** A cell as text, whatever Excel made of it (rich text, a link, a formula's result). */
export function textOf(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('formula' in value || 'sharedFormula' in value) return textOf((value as { result?: CellValue }).result ?? null);
  if ('error' in value) return '';
  return '';
}

export function dateOf(value: CellValue | undefined): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return serialToDate(value);
  const text = textOf(value ?? null).trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
}

/** The sheet with this English name, in whichever language the workbook was written. */
export function sheetNamed(workbook: Workbook, english: string): Worksheet | undefined {
  for (const language of LANGUAGES) {
    const sheet = workbook.getWorksheet(term(english, language));
    if (sheet) return sheet;
  }
  return undefined;
}

/** Where each wanted column (by English header) is in the header row `headerRow`, in either language. */
export function headerColumns(sheet: Worksheet, headers: readonly string[], sheetName: string, file: string, headerRow = 1): Record<string, number> {
  const found: Record<string, number> = {};
  sheet.getRow(headerRow).eachCell((cell, col) => {
    const text = textOf(cell.value).trim();
    const header = headers.find((h) => isTerm(text, h));
    if (header !== undefined && found[header] === undefined) found[header] = col;
  });
  const missing = headers.filter((h) => found[h] === undefined);
  if (missing.length > 0) {
    throw new WorkbookInputError(`The ${sheetName} sheet of ${file} has no ${missing.map((m) => `"${m}"`).join(', ')} column${missing.length > 1 ? 's' : ''} in its first row. Keep the header row as exported.`);
  }
  return found;
}

/** Whether a text read back is the English `key` in one of the languages. */
export function isTerm(text: string, key: string): boolean {
  return LANGUAGES.some((language) => term(key, language) === text);
}

/** About's value for an English label (the first line that has it), whichever language it was written in. */
export function aboutFields(about: Worksheet | undefined): { get(label: string): CellValue | undefined } {
  const lines: { label: string; value: CellValue }[] = [];
  about?.eachRow((row) => lines.push({ label: textOf(row.getCell(1).value).trim(), value: row.getCell(2).value }));
  return { get: (label) => lines.find((line) => isTerm(line.label, label))?.value };
}

/** A value that is a code, or the words of one in either language: "carried forward", "trasladada al periodo siguiente", "carried_forward". */
function codeOf<T extends string>(text: string, codes: readonly T[], wordsOf: (language: (typeof LANGUAGES)[number]) => Partial<Record<T, string>>): T | null {
  const wanted = text.trim().toLowerCase();
  if (wanted === '') return null;
  const asCode = wanted.replace(/[\s-]+/g, '_');
  const code = codes.find((c) => c === asCode);
  if (code) return code;
  for (const language of LANGUAGES) {
    const words = wordsOf(language);
    const match = codes.find((c) => words[c]?.toLowerCase() === wanted);
    if (match) return match;
  }
  return null;
}

export function reviewStateOf(text: string): ReviewState | null {
  return codeOf(text, REVIEW_STATES, (l) => WORDS[l].state);
}

export function reviewReasonOf(text: string): ReviewReason | null {
  return codeOf(text, REVIEW_REASONS, (l) => WORDS[l].reason);
}

export function periodOf(text: string): 'month' | 'week' | 'range' | null {
  return codeOf(text, ['month', 'week', 'range'] as const, (l) => WORDS[l].period);
}

/** The range a workbook was exported for, read back from its About sheet. */
export interface ExportedRange {
  connection: string;
  from: string;
  to: string;
  period: 'month' | 'week' | 'range';
}

export function exportedRange(about: Worksheet | undefined, file: string): ExportedRange {
  const fields = aboutFields(about);
  const connection = textOf(fields.get('Connection') ?? null).trim();
  const from = dateOf(fields.get('From'));
  const to = dateOf(fields.get('To'));
  // "2 × monthly" (portal) or "weekly" (PAYG); older workbooks wrote the code ("2 × month").
  const periodText = textOf(fields.get('Periods') ?? fields.get('Period') ?? null);
  const period = periodOf(periodText.split('×').pop() ?? '');
  if (connection === '' || from === null || to === null || period === null) {
    throw new WorkbookInputError(`${file} has no readable About sheet (connection, From, To, period), so its figures cannot be checked. Export the workbook again and copy the review columns into it.`);
  }
  return { connection, from, to, period };
}
