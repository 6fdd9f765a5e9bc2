/**
 * One export measurement, in its own process (its peak RSS is the export's own).
 * candidate: writePortalWorkbook — the styled, streamed workbook the app and `concilia export` write.
 * baseline:  exceljs's streaming writer writing the same rows of the two big sheets (Discrepancies,
 *            All rows) as plain values: no styles, no formats, no other sheets, no logic.
 * The reconciliation is opened first (its rows in the cache's temporary tables) and not timed; both
 * then read the rows from there, a chunk at a time, and write to a file in the same folder.
 */
import { rmSync, statSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { openCache } from '../../../electron/core/cache/index.ts';
import { openPortal } from '../../../electron/core/reconcile/portal.ts';
import { OUT_OF_TOLERANCE } from '../../../electron/core/reconcile/portal-rows.ts';
import { readWorkbookMeta } from '../../../electron/core/export/metadata.ts';
import { ALL_ROW_COLUMNS, PORTAL_ROW_COLUMNS, writePortalWorkbook } from '../../../electron/core/export/portal-workbook.ts';
import type { PortalRow } from '../../../electron/core/reconcile/types.ts';
import { log, reportResult, workerArgs } from '../lib/worker-io.ts';
import { withStore } from '../../support/review-store.ts';

interface Args {
  mode: 'candidate' | 'baseline';
  dbPath: string;
  connection: string;
  from: string;
  to: string;
  now: number;
  out: string;
}

const args = workerArgs<Args>();
const db = openCache(args.dbPath, { readonly: true });
const open = openPortal(withStore(db), { connection: args.connection, from: args.from, to: args.to, period: 'week', now: args.now });
const meta = readWorkbookMeta(withStore(db), open, { appVersion: '0.1.0', now: args.now, language: 'en' });
const discrepancies = open.rows.countWhere(OUT_OF_TOLERANCE);
const rows = open.rows.count;

/** The cells the candidate writes, as plain values: All rows carries paid, pending and tasks too. */
function plainCells(r: PortalRow, allFigures: boolean): (string | number | null)[] {
  return [
    r.key,
    r.providerId,
    r.providerName,
    r.periodStart,
    r.periodEnd,
    r.invoicedMinor / 100,
    r.providerReportedMinor / 100,
    r.differenceMinor / 100,
    r.differencePct === null ? null : Number(r.differencePct) / 100,
    r.status,
    ...(allFigures ? [r.paidMinor / 100, r.pendingMinor / 100, r.taskCount] : []),
    r.review?.state ?? null,
    r.review?.reason ?? null,
    r.review?.note ?? null,
  ];
}

rmSync(args.out, { force: true });
// What the process holds before the writer starts (the reconciliation itself): the peak includes it.
const rssBeforeMB = process.memoryUsage.rss() / 1024 / 1024;
const start = performance.now();
let allRowsSheets = 1;
if (args.mode === 'candidate') {
  const written = await writePortalWorkbook(args.out, open, meta);
  allRowsSheets = written.sheets.filter((name) => name.startsWith('All rows')).length;
} else {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: args.out, useStyles: false, useSharedStrings: false });
  for (const [name, where, columns] of [
    ['Discrepancies', OUT_OF_TOLERANCE, PORTAL_ROW_COLUMNS],
    ['All rows', '1', ALL_ROW_COLUMNS],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    const allFigures = columns === ALL_ROW_COLUMNS;
    sheet.addRow(columns.map((c) => c.header)).commit();
    for (const chunk of open.rows.chunks(where)) for (const r of chunk) sheet.addRow(plainCells(r, allFigures)).commit();
    sheet.commit();
  }
  await workbook.commit();
}
const ms = performance.now() - start;
open.close();
db.close();
const bytes = statSync(args.out).size;
rmSync(args.out, { force: true });
log(`${args.mode}: ${discrepancies} discrepancy rows + ${rows} rows, ${ms.toFixed(0)} ms, ${(bytes / 1e6).toFixed(1)} MB`);
reportResult({ ms, discrepancies, rows, bytes, rssBeforeMB, allRowsSheets });
