/**
 * The writer streams: a large reconciliation goes out row by row with progress, a cancel in the
 * middle stops it, and what was written is read back whole by the independent reader.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellNumberToMinor } from '../../../electron/core/export/cell-format.ts';
import { ExportCancelledError, ExportIntegrityError, PORTAL_ROW_COLUMNS, portalRowCells, writePortalWorkbook } from '../../../electron/core/export/index.ts';
import { TableSheet } from '../../../electron/core/export/table-sheet.ts';
import { MAX_BACKLOG_BYTES, openWorkbook, pendingSheetBytes, RowPump } from '../../../electron/core/export/workbook-output.ts';
import { openPortal, type OpenPortal } from '../../../electron/core/reconcile/portal.ts';
import { reconcilePortal } from '../../../electron/core/reconcile/index.ts';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { readXlsx, rowStarting, sheetRecords } from '../../support/xlsx-reader.ts';
import { openTempCache, tempDir, type TempDir } from './fixtures.ts';
import { SYNTHETIC_META, seedSyntheticPortal, syntheticPortal } from './synthetic.ts';
import { withStore } from '../../support/review-store.ts';
import { workbookLanguage } from '../../../electron/core/language/workbook.ts';

const ROWS = 20_000;
let tmp: TempDir;
let db: CacheDatabase;
const range = { connection: 'synthetic', from: '2025-01-01', to: '2025-12-31', period: 'month' as const, now: Date.parse('2026-01-15T00:00:00.000Z') };

beforeAll(() => {
  tmp = tempDir('concilia-stream-');
  db = openTempCache(tmp.dir);
  seedSyntheticPortal(db, ROWS);
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

/** The synthetic rows reconciled: kept in the cache's temporary tables, as an export reads them. */
function opened(): OpenPortal {
  return openPortal(withStore(db), range);
}

describe('streaming portal workbook', () => {
  it(`writes ${ROWS} rows with progress, every amount exact`, async () => {
    const rec = reconcilePortal(withStore(db), range);
    const seen: [number, number][] = [];
    const out = join(tmp.dir, 'big.xlsx');
    const open = opened();
    const result = await writePortalWorkbook(out, open, SYNTHETIC_META, { onProgress: (w, t) => seen.push([w, t]) }).finally(() => open.close());
    const discrepancies = rec.rows.filter((r) => r.outOfTolerance).length;
    expect(result.rows).toBe(rec.periods.length + 1 + discrepancies + ROWS);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every(([w, t], i) => w <= t && (i === 0 || w >= (seen[i - 1]?.[0] ?? 0)))).toBe(true);
    expect(seen.at(-1)?.[0]).toBe(result.rows);

    const book = readXlsx(out);
    const all = sheetRecords(book.sheet('All rows'));
    expect(all).toHaveLength(ROWS);
    all.forEach((line, i) => {
      const row = rec.rows[i];
      expect(line.Key?.value).toBe(row?.key);
      expect(cellNumberToMinor(line.Difference?.value as number, 2)).toBe(row?.differenceMinor);
    });
    const summary = book.sheet('Summary');
    const total = sheetRecords(summary, rowStarting(summary, 'Period start')).find((r) => r['Period start']?.value === 'Total');
    expect(cellNumberToMinor(total?.Invoiced?.value as number, 2)).toBe(rec.totals.invoicedMinor);
  });

  it('stops in the middle when cancelled', async () => {
    const open = opened();
    const controller = new AbortController();
    let last = 0;
    const out = join(tmp.dir, 'cancelled.xlsx');
    const error = await writePortalWorkbook(out, open, SYNTHETIC_META, {
      signal: controller.signal,
      onProgress: (written) => {
        last = written;
        if (written >= 4000) controller.abort();
      },
    })
      .catch((e: unknown) => e)
      .finally(() => open.close());
    expect(error).toBeInstanceOf(ExportCancelledError);
    expect(last).toBeLessThan(ROWS);
  });

  it('waits for the zip to take in the sheet XML, so it never piles up in memory', async () => {
    const rec = syntheticPortal(ROWS);
    const pump = new RowPump(ROWS, {});
    const output = openWorkbook(join(tmp.dir, 'backlog.xlsx'), pump, new Date(0));
    const sheet = new TableSheet(output.workbook, 'All rows', PORTAL_ROW_COLUMNS, { currency: 'COP' });
    // Written without a pause, the XML waits in exceljs's streams: the probe must see it (if an
    // exceljs upgrade hides it, the export silently loses its memory bound: this fails instead).
    for (const row of rec.rows) sheet.addRow(portalRowCells(row, workbookLanguage('en')));
    expect(pendingSheetBytes(output.workbook)).toBeGreaterThan(MAX_BACKLOG_BYTES);
    await pump.pause();
    expect(pendingSheetBytes(output.workbook)).toBeLessThanOrEqual(MAX_BACKLOG_BYTES);
    sheet.finish();
    await output.close();
    const book = readXlsx(join(tmp.dir, 'backlog.xlsx'));
    expect(sheetRecords(book.sheet('All rows'))).toHaveLength(ROWS);
  });

  it('refuses a reconciliation whose lines do not add up to its totals', async () => {
    const open = opened();
    const first = open.outline.periods[0];
    if (first) first.invoicedMinor += 1;
    await expect(writePortalWorkbook(join(tmp.dir, 'bad.xlsx'), open, SYNTHETIC_META).finally(() => open.close())).rejects.toBeInstanceOf(ExportIntegrityError);
  });
});
