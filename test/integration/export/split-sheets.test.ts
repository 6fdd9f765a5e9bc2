/**
 * A table longer than a sheet holds continues on "<name> (2)", "<name> (3)"…: every row once, in
 * the engine's order, and the Summary's formulas count and sum over every part. The sheets are
 * made short here (three rows) so the continuation shows on a small cache; the formulas are
 * evaluated below, independently of the writer, and must give the results it cached.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { cellNumberToMinor } from '../../../electron/core/export/cell-format.ts';
import { exportReconciliation } from '../../../electron/core/export/index.ts';
import { reconcile, type PaygReconciliation, type PortalReconciliation } from '../../../electron/core/reconcile/index.ts';
import { readXlsx, rowStarting, sheetRecords, type XlsxBook, type XlsxSheet } from '../../support/xlsx-reader.ts';
import { NOW, PAYG, PORTAL, openTempCache, seedPayg, seedPortal, tempDir, type TempDir } from './fixtures.ts';
import { withStore } from '../../support/review-store.ts';

let tmp: TempDir;
let db: CacheDatabase;
const portalRange = { connection: PORTAL, from: '2026-01-01', to: '2026-02-28', now: NOW };

beforeAll(() => {
  tmp = tempDir('concilia-split-');
  db = openTempCache(tmp.dir);
  seedPortal(db);
  seedPayg(db);
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

/** The value of a cell by reference ("A2") on a sheet. */
function cellAt(sheet: XlsxSheet, ref: string): string | number | boolean | null {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) throw new Error(`not a cell reference: ${ref}`);
  const col = [...(m[1] ?? '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return sheet.rows[Number(m[2]) - 1]?.[col - 1]?.value ?? null;
}

/** The values of a one-column range such as 'All rows (2)'!$D$2:$D$4. */
function rangeValues(book: XlsxBook, ref: string): (string | number | boolean | null)[] {
  const m = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(ref);
  if (!m) throw new Error(`not a range: ${ref}`);
  const sheet = book.sheet((m[1] ?? '').replaceAll("''", "'"));
  const out: (string | number | boolean | null)[] = [];
  for (let r = Number(m[3]); r <= Number(m[5]); r++) out.push(cellAt(sheet, `${m[2] ?? ''}${r}`));
  return out;
}

/**
 * The Summary's counting and summing formulas, evaluated: a sum of COUNTIFS(range, criterion, …)
 * and SUMIFS(sum range, range, criterion, …) terms; a criterion is "text" or a cell of the Summary.
 */
function evaluate(book: XlsxBook, summary: XlsxSheet, formula: string): number {
  const terms = formula.split(/\+(?=(?:COUNTIFS|SUMIFS)\()/);
  let total = 0;
  for (const term of terms) {
    const m = /^(COUNTIFS|SUMIFS)\((.*)\)$/.exec(term);
    if (!m) throw new Error(`cannot evaluate ${term}`);
    const args = (m[2] ?? '').match(/'(?:[^']|'')+'![^,]+|"[^"]*"|[^,]+/g) ?? [];
    const sums = m[1] === 'SUMIFS' ? rangeValues(book, args.shift() ?? '') : null;
    const tests: { values: (string | number | boolean | null)[]; wanted: string | number | boolean | null }[] = [];
    for (let i = 0; i < args.length; i += 2) {
      const criterion = args[i + 1] ?? '';
      tests.push({ values: rangeValues(book, args[i] ?? ''), wanted: criterion.startsWith('"') ? criterion.slice(1, -1) : cellAt(summary, criterion) });
    }
    const length = tests[0]?.values.length ?? 0;
    for (let row = 0; row < length; row++) {
      if (!tests.every((t) => t.values[row] === t.wanted)) continue;
      total += sums ? Number(sums[row] ?? 0) : 1;
    }
  }
  return total;
}

describe('tables past a sheet continue on the next', () => {
  it('portal: Discrepancies and All rows split, every row once in order, the Summary counting every part', async () => {
    const out = join(tmp.dir, 'portal.xlsx');
    const result = await exportReconciliation(withStore(db), { ...portalRange, period: 'month', out, format: 'xlsx', appVersion: '1', now: NOW, sheetRows: 3 });
    const rec = reconcile(withStore(db), portalRange) as PortalReconciliation;
    const discrepancies = rec.rows.filter((r) => r.outOfTolerance);
    expect(rec.rows.length).toBeGreaterThan(6);
    const allParts = ['All rows', 'All rows (2)', 'All rows (3)'];
    expect(result.sheets).toEqual(['Summary', 'Discrepancies', 'Discrepancies (2)', ...allParts, 'Checks', 'Restatements', 'Review log', 'About']);

    const book = readXlsx(out);
    expect(book.sheetNames).toEqual(result.sheets);
    const keysOf = (names: readonly string[]): unknown[] => names.flatMap((name) => sheetRecords(book.sheet(name)).map((r) => r.Key?.value));
    for (const name of allParts) expect(sheetRecords(book.sheet(name)).length).toBeLessThanOrEqual(3);
    expect(keysOf(allParts)).toEqual(rec.rows.map((r) => r.key));
    expect(keysOf(['Discrepancies', 'Discrepancies (2)'])).toEqual(discrepancies.map((r) => r.key));

    const summary = book.sheet('Summary');
    const top = rowStarting(summary, 'Period start');
    let evaluated = 0;
    for (const line of sheetRecords(summary, top)) {
      for (const cell of Object.values(line)) {
        if (!cell?.formula || !/^(COUNTIFS|SUMIFS)\(/.test(cell.formula)) continue;
        if (/COUNTIFS\('Checks'/.test(cell.formula)) continue;
        if (cell.formula.includes("'All rows'")) expect(cell.formula).toContain("'All rows (3)'");
        expect(evaluate(book, summary, cell.formula), cell.formula).toBe(cell.value);
        evaluated += 1;
      }
    }
    expect(evaluated).toBeGreaterThan(10);
    const total = sheetRecords(summary, top).find((r) => r['Period start']?.value === 'Total');
    expect(cellNumberToMinor(Number(total?.Invoiced?.value), 2)).toBe(rec.totals.invoicedMinor);
    expect(total?.Rows?.value).toBe(rec.rows.length);
  });

  it('PAYG: Exceptions and Billing periods split, every line once in order', async () => {
    const out = join(tmp.dir, 'payg.xlsx');
    const range = { connection: PAYG, from: '2026-01-01', to: '2026-01-31', now: NOW };
    const result = await exportReconciliation(withStore(db), { ...range, out, format: 'xlsx', appVersion: '1', sheetRows: 2 });
    const rec = reconcile(withStore(db), range) as PaygReconciliation;
    const book = readXlsx(out);
    const parts = (name: string): string[] => book.sheetNames.filter((s) => s === name || s.startsWith(`${name} (`));
    expect(parts('Billing periods').length).toBeGreaterThan(2);
    expect(parts('Exceptions').length).toBe(Math.ceil(rec.exceptions.length / 2));
    expect(result.sheets).toEqual(book.sheetNames);
    const ids = parts('Billing periods').flatMap((name) => sheetRecords(book.sheet(name)).map((r) => r['Billing period ID']?.value));
    const expected = db
      .prepare<[string, string], number>(
        "SELECT b.id FROM billing_period b JOIN connection c ON c.id = b.connection_id WHERE c.name = 'lms-payg' AND b.start_date BETWEEN ? AND ? ORDER BY b.currency, b.start_date, b.id",
      )
      .pluck()
      .all(range.from, range.to);
    expect(ids).toEqual(expected);
    const exceptionKeys = parts('Exceptions').flatMap((name) => sheetRecords(book.sheet(name)).map((r) => r.Key?.value));
    expect(exceptionKeys).toEqual(rec.exceptions.map((e) => e.key));
  });
});
