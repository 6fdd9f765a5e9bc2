/**
 * `concilia export` and the app's Export button: reconcile with the very function the screen and
 * `concilia reconcile` use, then write the workbook (or CSV), streamed from the cache, to a
 * temporary file beside the target and rename it into place only when every byte is down. A cancelled or failed export
 * leaves nothing behind, and never half of a file an auditor might open.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { assertCacheSound, type ReadableDB } from '../cache/index.ts';
import type { ReviewReader } from '../review/store.ts';
import { openReconciliation, type OpenReconciliation } from '../reconcile/reconcile.ts';
import type { PaygOutline, PortalOutline } from '../reconcile/schemas.ts';
import type { ReconcileDeps, ReconcileParams } from '../reconcile/types.ts';
import { readWorkbookMeta } from './metadata.ts';
import { writePortalCsv, writePortalWorkbook } from './portal-workbook.ts';
import { writePaygCsv, writePaygWorkbook } from './payg-workbook.ts';
import { ExportWriteError, type WorkbookResult } from './result.ts';
import { ExportCancelledError, type ProgressListener, type WriteOptions } from './workbook-output.ts';
import { billingPeriodsOf } from './billing-periods.ts';
import type { CsvDelimiter } from './csv.ts';
import type { Language } from '../language/language.ts';
import { workbookLanguage } from '../language/workbook.ts';

export type ExportFormat = 'xlsx' | 'csv';

export interface ExportParams extends ReconcileParams {
  out: string;
  format: ExportFormat;
  appVersion: string;
  now: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Data rows per sheet before a long table continues on the next (Excel's limit unless a test asks for fewer). */
  sheetRows?: number;
  /** CSV only: the field separator (default `,`). */
  delimiter?: CsvDelimiter;
  /** The reader's language: sheet names, headers, labels and notes (default English). */
  language?: Language;
}

export interface ExportResult {
  /** Absolute path of the file written. */
  path: string;
  format: ExportFormat;
  sheets: string[];
  /** Data rows written (all sheets together for a workbook). */
  rows: number;
  /** sha256 of the figures: the hash a sign-off of the same range records. */
  figuresHash: string;
  /** The reconciliation written, without its big lists. */
  reconciliation: PortalOutline | PaygOutline;
  /** How many rows (portal), open items and exceptions (PAYG) it holds. */
  counts: { rows: number; openItems: number; exceptions: number };
}

/**
 * Reconcile with the very function the screen uses (its lists kept in temporary tables), then
 * stream the workbook or CSV from there: memory stays flat however many rows the range holds.
 */
export async function exportReconciliation(deps: ReconcileDeps, params: ExportParams): Promise<ExportResult> {
  assertCacheSound(deps.db, 'The export'); // a damaged cache (quick_check) exports nothing
  const path = resolve(params.out);
  // Fail on an unwritable target before the work, not after it.
  await checkTarget(path);
  const open = openReconciliation(deps, params);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  const options = {
    ...(params.onProgress ? { onProgress: params.onProgress } : {}),
    ...(params.signal ? { signal: params.signal } : {}),
    ...(params.sheetRows !== undefined ? { sheetRows: params.sheetRows } : {}),
  };
  try {
    const written = await write(deps, open, temp, params, options);
    await rename(temp, path);
    return { path, format: params.format, sheets: written.sheets, rows: written.rows, figuresHash: open.dataHash(), reconciliation: open.outline, counts: countsOf(open) };
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw explainWriteError(error, path);
  } finally {
    open.close();
  }
}

function write(deps: { db: ReadableDB; reviews: ReviewReader }, open: OpenReconciliation, temp: string, params: ExportParams, options: WriteOptions): Promise<WorkbookResult> {
  const language = params.language ?? 'en';
  if (params.format === 'csv') {
    const csv = params.delimiter === undefined ? options : { ...options, delimiter: params.delimiter };
    const lang = workbookLanguage(language);
    return open.kind === 'portal' ? writePortalCsv(temp, open, lang, csv) : writePaygCsv(temp, open, lang, csv);
  }
  const meta = readWorkbookMeta(deps, open, { appVersion: params.appVersion, now: params.now, language });
  if (open.kind === 'portal') return writePortalWorkbook(temp, open, meta, options);
  const listing = billingPeriodsOf(deps.db, open.outline);
  return writePaygWorkbook(temp, open, meta, { ...options, billingPeriods: listing.lines, billingPeriodCount: listing.count });
}

function countsOf(open: OpenReconciliation): ExportResult['counts'] {
  return open.kind === 'portal'
    ? { rows: open.rows.count, openItems: open.openItems.count, exceptions: 0 }
    : { rows: 0, openItems: open.openItems.count, exceptions: open.exceptions.count };
}

async function checkTarget(path: string): Promise<void> {
  const folder = dirname(path);
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw new ExportWriteError(`Cannot write ${path}: ${folder} is not a folder.`);
    await access(folder, constants.W_OK);
  } catch (error) {
    throw explainWriteError(error, path);
  }
  try {
    if ((await stat(path)).isDirectory()) throw new ExportWriteError(`Cannot write ${path}: it is a folder. Give a file name, such as ${join(path, 'reconciliation.xlsx')}.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw explainWriteError(error, path);
  }
}

/** File-system failures in words an accountant can act on. */
export function explainWriteError(error: unknown, path: string): Error {
  if (error instanceof ExportWriteError || error instanceof ExportCancelledError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new ExportWriteError(`Cannot write ${path}: the folder ${dirname(path)} does not exist. Create it or choose another place.`);
    case 'EACCES':
    case 'EPERM':
      return new ExportWriteError(`Cannot write ${path}: permission denied. Choose a folder you can write to, or close the file if another program has it open.`);
    case 'EROFS':
      return new ExportWriteError(`Cannot write ${path}: the disk is read-only. Choose another place.`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new ExportWriteError(`Cannot write ${path}: the disk is full. Free some space or choose another disk; nothing was written.`);
    case 'EBUSY':
      return new ExportWriteError(`Cannot replace ${path}: the file is open in another program (Excel?). Close it and export again.`);
    case 'EISDIR':
      return new ExportWriteError(`Cannot write ${path}: it is a folder. Give a file name ending in .xlsx or .csv.`);
    case 'ENOTDIR':
      return new ExportWriteError(`Cannot write ${path}: part of the path is a file, not a folder.`);
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}
