/**
 * Review notes that come back from Excel. A reviewer fills `Review state`, `Reason` and `Note`
 * on the Discrepancies sheet (Exceptions for PAYG) and on the Checks sheet (findings and
 * set-aside records) and sends the workbook back; this reads those columns by `Key`, compares
 * each line's figures with the cache as it is now, and records the changes through the review
 * rules, so each one reaches the audit log signed by the account that imports.
 *
 * Nothing doubtful is applied: a key that is malformed or unknown, a line whose figures differ
 * from today's (the workbook is stale, or was edited), an invalid state or reason, a settled
 * state without a reason or a note, or two lines of one key that disagree are reported and left
 * alone.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { CellValue, Worksheet } from 'exceljs';
import { getConnection } from '../connections/index.ts';
import type { ReadableDB } from '../cache/index.ts';
import type { Clock } from '../deps.ts';
import type { ReviewStore } from '../review/store.ts';
import { currencyExponent, formatMinor, parseDecimalToMinor } from '../money/index.ts';
import { reconcile, type ReconcileDeps } from '../reconcile/index.ts';
import { parseItemKey } from '../review/keys.ts';
import { explanationProblem, MAX_NOTE, setReviews } from '../review/reviews.ts';
import { REVIEW_REASONS, REVIEW_STATES, type ReviewReason, type ReviewState, type ReviewValues } from '../review/types.ts';
import { cellNumberToMinor } from './cell-format.ts';
import { exportedRange, headerColumns, isTerm, reviewReasonOf, reviewStateOf, sheetNamed, textOf, type ExportedRange } from './workbook-read.ts';
import { WORDS } from '../language/words.ts';
import { WorkbookInputError, checkXlsxBuffer } from './zip-guard.ts';

export interface ImportReviewParams {
  connection: string;
  /** Path of the .xlsx that came back. */
  file: string;
  dryRun: boolean;
}

export type { ReviewValues };

export interface ReviewChange {
  key: string;
  /** Row number on the sheet (1-based, header = 1). */
  row: number;
  before: ReviewValues | null;
  after: ReviewValues;
}

export type ImportProblemKind = 'invalid_key' | 'unknown_key' | 'figures_changed' | 'invalid_state' | 'invalid_reason' | 'explanation_missing' | 'note_too_long' | 'conflict';

export interface ImportProblem {
  row: number;
  key: string;
  kind: ImportProblemKind;
  message: string;
}

export interface ImportReport {
  connection: string;
  file: string;
  /** The sheets read, comma-joined ("Discrepancies, Checks"). */
  sheet: string;
  dryRun: boolean;
  /** Lines with a key that were read. */
  rowsRead: number;
  /** Changes found (and applied unless dryRun). */
  changes: ReviewChange[];
  /** Lines whose review columns already match the cache. */
  unchanged: number;
  problems: ImportProblem[];
  /** Changes recorded in the cache: 0 on a dry run. */
  applied: number;
}

const NOT_REVIEWED: ReviewValues = { state: 'open', reason: null, note: null };
const MAX_LINES = 200_000;


interface CurrentFigures {
  currency: string;
  /** Header -> minor units, for the amount columns of the sheet. */
  amounts: Record<string, number>;
}

/** Reads the workbook and the cache; writes the review changes through the store (all or nothing). */
export async function importReview(deps: { db: ReadableDB; reviews: ReviewStore; clock: Clock }, params: ImportReviewParams): Promise<ImportReport> {
  const connection = getConnection(deps.db, params.connection);

  let buffer: Buffer;
  try {
    buffer = await readFile(params.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkbookInputError(
      code === 'ENOENT' ? `There is no file ${params.file}.` : code === 'EISDIR' ? `${params.file} is a folder, not a workbook.` : `Cannot read ${params.file}: ${(error as Error).message}`,
    );
  }
  await checkXlsxBuffer(buffer, params.file);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own ArrayBuffer-like `Buffer`; a Node Buffer is what it reads at run time.
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new WorkbookInputError(`${params.file} could not be read as an Excel workbook (it may be damaged or password-protected). Save it again from Excel as .xlsx.`);
  }

  const sheetName = connection.kind === 'portal' ? 'Discrepancies' : 'Exceptions';
  const sheet = sheetNamed(workbook, sheetName);
  if (!sheet) throw new WorkbookInputError(`${params.file} has no ${sheetName} sheet: it is not a Concilia ${connection.kind} workbook, or the sheet was renamed.`);
  const range = exportedRange(sheetNamed(workbook, 'About'), params.file);
  if (range.connection !== connection.name) {
    throw new WorkbookInputError(`${params.file} was exported for the connection "${range.connection}", not "${connection.name}". Import it into ${range.connection}.`);
  }

  const amountHeaders = connection.kind === 'portal' ? ['Invoiced', 'Provider reported', 'Difference'] : ['Amount'];
  const current = currentFigures(deps, connection.kind, connection.id, range, deps.clock());
  const reviews = deps.reviews.reviews(connection);
  // Findings and set-aside records are reviewed on the Checks sheet (workbooks written before they could be have none).
  const checks = sheetNamed(workbook, 'Checks');
  const sheets: { sheet: Worksheet; name: string; amounts: readonly string[]; accepts: (kind: string) => boolean }[] = [
    { sheet, name: sheetName, amounts: amountHeaders, accepts: (kind) => kind === (connection.kind === 'portal' ? 'portal_row' : 'billing_period') },
    ...(checks ? [{ sheet: checks, name: 'Checks', amounts: [], accepts: (kind: string) => kind === 'finding' }] : []),
  ];

  const report: ImportReport = {
    connection: connection.name,
    file: params.file,
    sheet: sheets.map((s) => s.name).join(', '),
    dryRun: params.dryRun,
    rowsRead: 0,
    changes: [],
    unchanged: 0,
    problems: [],
    applied: 0,
  };
  const wanted = new Map<string, { row: number; values: ReviewValues }>();
  const rejected = new Set<string>();
  const problem = (row: number, key: string, kind: ImportProblemKind, message: string): void => {
    report.problems.push({ row, key, kind, message });
    rejected.add(key);
  };

  for (const { sheet: page, name, amounts, accepts } of sheets) {
    const isChecks = name === 'Checks';
    const columns = headerColumns(page, ['Key', ...amounts, 'Review state', 'Reason', 'Note', ...(isChecks ? ['Type'] : [])], name, params.file);
    if (page.rowCount > MAX_LINES) throw new WorkbookInputError(`${params.file} has ${page.rowCount} lines on ${name}; at most ${MAX_LINES} can be imported at once.`);
    const where = (r: number): string => (sheets.length > 1 ? `${name} row ${r}` : `Row ${r}`);
    for (let r = 2; r <= page.rowCount; r++) {
      const row = page.getRow(r);
      // On Checks only findings and set-aside records are reviewed; restatements and gaps are not items.
      if (isChecks) {
        const type = textOf(row.getCell(columns.Type ?? 0).value).trim();
        if (!isTerm(type, 'Finding') && !isTerm(type, 'Quarantined')) continue;
      }
      const keyValue = row.getCell(columns.Key ?? 0).value;
      const key = textOf(keyValue).trim();
      if (key === '') continue;
      report.rowsRead += 1;
      const fromFormula = typeof keyValue === 'object' && keyValue !== null && ('formula' in keyValue || 'sharedFormula' in keyValue);
      const parsed = fromFormula ? null : parseItemKey(key);
      if (parsed === null || !accepts(parsed.kind)) {
        problem(r, key, 'invalid_key', `${where(r)}: "${key}" is not a key Concilia wrote on this sheet; the line was left alone.`);
        continue;
      }
      const figures = current.get(key);
      if (!figures) {
        problem(r, key, 'unknown_key', `${where(r)}: ${key} is not in the ${range.from} to ${range.to} reconciliation of ${connection.name} (the key was changed, or the item no longer exists).`);
        continue;
      }
      const changed = amounts.filter((h) => !sameAmount(row.getCell(columns[h] ?? 0).value, figures.amounts[h] ?? 0, figures.currency));
      if (changed.length > 0) {
        const e = currencyExponent(figures.currency);
        const detail = changed.map((h) => `${h} is ${formatMinor(figures.amounts[h] ?? 0, e)} ${figures.currency} now, ${describeCell(row.getCell(columns[h] ?? 0).value)} in the workbook`).join('; ');
        problem(r, key, 'figures_changed', `${where(r)}: the figures of ${key} changed since the export (${detail}). Export again and review the new figures.`);
        continue;
      }

      // Words of either language, or the codes.
      const stateCell = textOf(row.getCell(columns['Review state'] ?? 0).value).trim();
      const reasonCell = textOf(row.getCell(columns.Reason ?? 0).value).trim();
      const stateText = reviewStateOf(stateCell) ?? stateCell;
      const reasonText = reviewReasonOf(reasonCell) ?? reasonCell;
      const noteText = textOf(row.getCell(columns.Note ?? 0).value).trim();
      const before = reviews.get(key) ?? null;
      if (stateText === '' && reasonText === '' && noteText === '') continue;
      const state = stateText === '' ? (before?.state ?? 'open') : stateText;
      if (!(REVIEW_STATES as readonly string[]).includes(state)) {
        problem(r, key, 'invalid_state', `${where(r)}: "${stateText}" is not a review state for ${key}; choose ${wordList(REVIEW_STATES.map((s) => WORDS.en.state[s]), REVIEW_STATES.map((s) => WORDS.es.state[s]))}.`);
        continue;
      }
      if (reasonText !== '' && !(REVIEW_REASONS as readonly string[]).includes(reasonText)) {
        problem(r, key, 'invalid_reason', `${where(r)}: "${reasonText}" is not a reason for ${key}; choose ${wordList(REVIEW_REASONS.map((r) => WORDS.en.reason[r]), REVIEW_REASONS.map((r) => WORDS.es.reason[r]))}, or leave it empty.`);
        continue;
      }
      if (noteText.length > MAX_NOTE) {
        problem(r, key, 'note_too_long', `${where(r)}: the note for ${key} has ${noteText.length} characters; at most ${MAX_NOTE}.`);
        continue;
      }
      const values: ReviewValues = { state: state as ReviewState, reason: reasonText === '' ? null : (reasonText as ReviewReason), note: noteText === '' ? null : noteText };
      // A line left as it was exported is no change, whatever it lacks.
      const unchanged = sameValues(before === null ? NOT_REVIEWED : { state: before.state, reason: before.reason, note: before.note }, values);
      const missing = unchanged ? null : explanationProblem(values);
      if (missing !== null) {
        problem(
          r,
          key,
          'explanation_missing',
          `${where(r)}: ${key} is marked ${WORDS.en.state[state as ReviewState]} without ${missing === 'reason_required' ? 'a reason' : 'a note'}; every explained, resolved or carried-forward item needs both.`,
        );
        continue;
      }
      const earlier = wanted.get(key);
      if (earlier && !sameValues(earlier.values, values)) {
        problem(r, key, 'conflict', `Rows ${earlier.row} and ${r} give ${key} different reviews; neither was applied.`);
        continue;
      }
      wanted.set(key, { row: r, values });
    }
  }

  for (const [key, { row, values }] of wanted) {
    if (rejected.has(key)) continue;
    const before = reviews.get(key) ?? null;
    const previous = before === null ? null : { state: before.state, reason: before.reason, note: before.note };
    // An item never reviewed is exported as 'open': reading that back is not a change.
    if (sameValues(previous ?? NOT_REVIEWED, values)) {
      report.unchanged += 1;
      continue;
    }
    report.changes.push({ key, row, before: previous, after: values });
  }

  if (!params.dryRun && report.changes.length > 0) {
    // All or nothing: a failure half-way leaves the cache and the audit log as they were.
    setReviews(deps, connection, report.changes.map((change) => ({ itemKeys: [change.key], ...change.after })));
    report.applied = report.changes.length;
  }
  return report;
}

function sameValues(a: ReviewValues, b: ReviewValues): boolean {
  return a.state === b.state && a.reason === b.reason && a.note === b.note;
}

/** The figures of every item a workbook of this range may list, as the cache holds them now. */
function currentFigures(deps: ReconcileDeps, kind: 'portal' | 'payg', connectionId: number, range: ExportedRange, now: number): Map<string, CurrentFigures> {
  const out = new Map<string, CurrentFigures>();
  if (kind === 'portal') {
    const rec = reconcile(deps, { connection: range.connection, from: range.from, to: range.to, period: range.period, now });
    if (rec.kind !== 'portal') return out;
    for (const row of rec.rows) {
      out.set(row.key, {
        currency: row.currency,
        amounts: { Invoiced: row.invoicedMinor, 'Provider reported': row.providerReportedMinor, Difference: row.differenceMinor },
      });
    }
    // A finding's figures are in its key (check, provider, period): it is current while it still fires.
    for (const f of rec.findings) out.set(f.key, { currency: rec.currency, amounts: {} });
    return out;
  }
  const period = range.period === 'month' ? 'month' : 'week';
  const rec = reconcile(deps, { connection: range.connection, from: range.from, to: range.to, period, now });
  if (rec.kind === 'payg') for (const q of rec.quarantined) out.set(q.key, { currency: '', amounts: {} });
  // A billing period's amount is its figure; whether it is still an exception today does not
  // matter to a note about it.
  const rows = deps.db
    .prepare<[number, string, string], { id: number; currency: string; amount_minor: number }>(
      'SELECT id, currency, amount_minor FROM billing_period WHERE connection_id = ? AND start_date BETWEEN ? AND ?',
    )
    .all(connectionId, range.from, range.to);
  for (const row of rows) out.set(`B|${row.id}`, { currency: row.currency, amounts: { Amount: row.amount_minor } });
  return out;
}





function sameAmount(value: CellValue, minor: number, currency: string): boolean {
  const exponent = currencyExponent(currency);
  if (typeof value === 'number') return cellNumberToMinor(value, exponent) === minor;
  const text = textOf(value).trim().replace(/,/g, '').replace(new RegExp(`\\s*${currency}$`), '');
  if (text === '') return false;
  try {
    return parseDecimalToMinor(text, exponent).minor === minor;
  } catch {
    return false;
  }
}

function describeCell(value: CellValue): string {
  const text = typeof value === 'number' ? String(value) : textOf(value).trim();
  return text === '' ? 'empty' : text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

/** The words to choose from, in English (and Spanish): "open, explained, … (abierta, explicada, …)". */
function wordList(english: readonly string[], spanish: readonly string[]): string {
  return `${english.join(', ')} (${spanish.join(', ')})`;
}
