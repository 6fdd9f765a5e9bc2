/**
 * `concilia export` and the app's Export button: reconcile with the very function the screen and
 * `concilia reconcile` use, then write the workbook (or CSV) to a temporary file beside the
 * target and rename it into place only when every byte is down. A cancelled or failed export
 * leaves nothing behind, and never half of a file an auditor might open.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { assertCacheSound } from '../cache/index.ts';
import type { ReconcileDeps, Reconciliation, ReconcileParams } from '../reconcile/types.ts';
import { readWorkbookMeta } from './metadata.ts';
import { writePortalCsv, writePortalWorkbook } from './portal-workbook.ts';
import { writePaygCsv, writePaygWorkbook } from './payg-workbook.ts';
import { ExportWriteError } from './result.ts';
import { ExportCancelledError, type ProgressListener } from './workbook-output.ts';
import { reconcile } from '../reconcile/index.ts';
import { billingPeriodsOf } from './billing-periods.ts';

export type ExportFormat = 'xlsx' | 'csv';

export interface ExportParams extends ReconcileParams {
  out: string;
  format: ExportFormat;
  appVersion: string;
  now: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
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
  reconciliation: Reconciliation;
}

export async function exportReconciliation(deps: ReconcileDeps, params: ExportParams): Promise<ExportResult> {
  const { db } = deps;
  assertCacheSound(db, 'The export'); // a damaged cache (quick_check) exports nothing
  const path = resolve(params.out);
  // Fail on an unwritable target before the work, not after it.
  await checkTarget(path);
  const rec = reconcile(deps, params);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  const options = { ...(params.onProgress ? { onProgress: params.onProgress } : {}), ...(params.signal ? { signal: params.signal } : {}) };
  try {
    let written;
    if (params.format === 'csv') {
      written = rec.kind === 'portal' ? await writePortalCsv(temp, rec, options) : await writePaygCsv(temp, rec, options);
    } else {
      const meta = readWorkbookMeta(deps, rec, params.appVersion, params.now);
      if (rec.kind === 'portal') {
        written = await writePortalWorkbook(temp, rec, meta, options);
      } else {
        const listing = billingPeriodsOf(db, rec);
        written = await writePaygWorkbook(temp, rec, meta, { ...options, billingPeriods: listing.lines, billingPeriodCount: listing.count });
      }
    }
    await rename(temp, path);
    return { path, format: params.format, sheets: written.sheets, rows: written.rows, figuresHash: rec.dataHash, reconciliation: rec };
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw explainWriteError(error, path);
  }
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
