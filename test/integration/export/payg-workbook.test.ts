/**
 * The PAYG workbook: per currency, never across currencies, each amount in its currency's own
 * decimals (JPY has none), read back by the independent reader and by read-excel-file.
 */
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { cellNumberToMinor, serialToDate } from '../../../electron/core/export/cell-format.ts';
import { exportReconciliation, PAYG_SHEETS, type ExportResult } from '../../../electron/core/export/index.ts';
import { currencyExponent } from '../../../electron/core/money/index.ts';
import { reconcile, type PaygReconciliation } from '../../../electron/core/reconcile/index.ts';
import { readXlsx, rowStarting, sheetRecords, type XlsxBook } from '../../support/xlsx-reader.ts';
import { NOW, PAYG, openTempCache, seedPayg, tempDir, type TempDir } from './fixtures.ts';
import { withStore } from '../../support/review-store.ts';

// Exception kinds in words, as the workbook's reader sees them.
const EXCEPTION_WORDS: Record<string, string> = { failed: 'failed collection', outstanding_overdue: 'outstanding too long', draft_unsent: 'draft never sent', stuck_in_status: 'stuck in one status' };

let tmp: TempDir;
let db: CacheDatabase;
let result: ExportResult;
let rec: PaygReconciliation;
let book: XlsxBook;

beforeAll(async () => {
  tmp = tempDir();
  db = openTempCache(tmp.dir);
  seedPayg(db);
  result = await exportReconciliation(withStore(db), { connection: PAYG, from: '2026-01-01', to: '2026-01-31', out: join(tmp.dir, 'payg.xlsx'), format: 'xlsx', appVersion: '1', now: NOW });
  rec = reconcile(withStore(db), { connection: PAYG, from: '2026-01-01', to: '2026-01-31', now: NOW }) as PaygReconciliation;
  book = readXlsx(result.path);
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

const minorOf = (value: unknown, currency: string): number => cellNumberToMinor(value as number, currencyExponent(currency));

describe('PAYG workbook', () => {
  it('has the PAYG sheets in order', () => {
    expect(book.sheetNames).toEqual([...PAYG_SHEETS]);
    expect(result.figuresHash).toBe(rec.dataHash);
  });

  it('writes every period row per currency, with per-currency totals as formulas', () => {
    const summary = book.sheet('Summary');
    const lines = sheetRecords(summary, rowStarting(summary, 'Currency', 'Period start'));
    const periodLines = lines.filter((l) => typeof l['Period start']?.value === 'number');
    expect(periodLines).toHaveLength(rec.rows.length);
    rec.rows.forEach((row, i) => {
      const line = periodLines[i] ?? {};
      expect(line.Currency?.value).toBe(row.currency);
      expect(serialToDate(line['Period start']?.value as number)).toBe(row.periodStart);
      expect(minorOf(line.Billed?.value, row.currency)).toBe(row.billedMinor);
      expect(minorOf(line.Collected?.value, row.currency)).toBe(row.collectedMinor);
      expect(minorOf(line.Outstanding?.value, row.currency)).toBe(row.outstandingMinor);
      expect(minorOf(line.Failed?.value, row.currency)).toBe(row.failedMinor);
      expect(line.Billed?.numFmt).toContain(row.currency);
    });
    const totals = lines.filter((l) => l['Period start']?.value === 'Total');
    expect(totals.map((t) => t.Currency?.value)).toEqual(rec.totals.map((t) => t.currency));
    for (const t of rec.totals) {
      const line = totals.find((l) => l.Currency?.value === t.currency) ?? {};
      expect(line.Billed?.formula).toMatch(/^SUMIFS\(/);
      expect(minorOf(line.Billed?.value, t.currency)).toBe(t.billedMinor);
      // The cached result is the sum of the lines above it, in that currency only.
      const sum = periodLines.filter((l) => l.Currency?.value === t.currency).reduce((s, l) => s + minorOf(l.Billed?.value, t.currency), 0);
      expect(minorOf(line.Billed?.value, t.currency)).toBe(sum);
      expect(line['Billing periods']?.value).toBe(t.count);
    }
  });

  it('writes zero-decimal currencies without decimals', () => {
    const jpy = sheetRecords(book.sheet('Exceptions')).find((l) => l.Currency?.value === 'JPY');
    expect(jpy?.Amount?.value).toBe(98_765);
    expect(jpy?.Amount?.numFmt).toMatch(/^#,##0 "JPY"/);
    const ngn = sheetRecords(book.sheet('Exceptions')).find((l) => l.Currency?.value === 'NGN');
    expect(ngn?.Amount?.numFmt).toMatch(/^#,##0\.00 "NGN"/);
  });

  it('lists the exceptions with their review columns, and every billing period of the range', () => {
    const exceptions = sheetRecords(book.sheet('Exceptions'));
    expect(exceptions.map((e) => e.Key?.value)).toEqual(rec.exceptions.map((e) => e.key));
    rec.exceptions.forEach((e, i) => {
      expect(minorOf(exceptions[i]?.Amount?.value, e.currency)).toBe(e.amountMinor);
      expect(exceptions[i]?.Exception?.value).toBe(EXCEPTION_WORDS[e.kind]);
      expect(exceptions[i]?.['Review state']?.value).toBe('open');
    });
    const periods = sheetRecords(book.sheet('Billing periods'));
    expect(periods.map((p) => p['Billing period ID']?.value).sort()).toEqual([101, 102, 103, 104, 105, 106, 107]);
    const loan = periods.find((p) => p['Billing period ID']?.value === 101)?.Loan;
    expect(loan?.value).toBe('Loan =SUM(A1:A9)');
    expect(['s', 'str', 'inlineStr']).toContain(loan?.type);
    expect(loan?.formula).toBeUndefined();
  });

  it('writes every ageing bucket of every currency', () => {
    const ageing = sheetRecords(book.sheet('Ageing'));
    expect(ageing).toHaveLength(rec.ageing.length);
    rec.ageing.forEach((a, i) => {
      expect(ageing[i]?.Currency?.value).toBe(a.currency);
      expect(minorOf(ageing[i]?.Amount?.value, a.currency)).toBe(a.amountMinor);
    });
  });

  it('reads back with read-excel-file', async () => {
    const rows = await readXlsxFile(result.path, { sheet: 'Exceptions' });
    expect(rows[0]?.slice(0, 3)).toEqual(['Key', 'Billing period ID', 'Loan']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(rec.exceptions.map((e) => e.key));
  });
});
