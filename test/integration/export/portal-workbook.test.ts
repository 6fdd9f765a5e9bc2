/**
 * The portal workbook read back by two readers that share nothing with exceljs: our own ZIP/XML
 * reader (cell types, formulas, styles, sheet setup) and read-excel-file (values as a
 * spreadsheet user sees them). Every figure is compared with the reconciliation itself.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import readXlsxFile, { readSheetNames } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { cellNumberToMinor, serialToDate } from '../../../electron/core/export/cell-format.ts';
import { exportReconciliation, PORTAL_SHEETS, type ExportResult } from '../../../electron/core/export/index.ts';
import { READABLE_WIDTH } from '../../../electron/core/export/table-sheet.ts';
import { reconcile, type PortalReconciliation } from '../../../electron/core/reconcile/index.ts';
import { readXlsx, rowStarting, sheetRecords, type XlsxBook, type XlsxCell, type XlsxSheet } from '../../support/xlsx-reader.ts';
import { FORMULA_NOTE, HYPERLINK_NAME, NOW, PLUS_NAME, PORTAL, openTempCache, seedPortal, tempDir, type TempDir } from './fixtures.ts';
import { withStore } from '../../support/review-store.ts';

const HEADERS = ['Key', 'Provider ID', 'Provider', 'Period start', 'Period end', 'Invoiced', 'Provider reported', 'Difference', 'Difference %', 'Status', 'Review state', 'Reason', 'Note'];
// All rows carries every figure a sign-off attests (paid, pending, tasks), so verify can recompute its hash.
const ALL_HEADERS = [...HEADERS.slice(0, 10), 'Paid', 'Pending', 'Tasks', ...HEADERS.slice(10)];
const CLASS_WORDS: Record<string, string> = { MATCHED: 'Matched', WITHIN_TOLERANCE: 'Within tolerance', PROVIDER_HIGHER: 'Provider higher', PROVIDER_LOWER: 'Provider lower' };

/** Summary's table starts below its cover. */
function summaryHeaderRow(sheet: XlsxSheet): number {
  const row = rowStarting(sheet, 'Period start');
  expect(row).toBeGreaterThan(1);
  return row;
}

let tmp: TempDir;
let db: CacheDatabase;
let result: ExportResult;
let rec: PortalReconciliation;
let book: XlsxBook;

beforeAll(async () => {
  tmp = tempDir();
  db = openTempCache(tmp.dir);
  await seedPortal(db);
  result = await exportReconciliation(withStore(db), {
    connection: PORTAL,
    from: '2026-01-01',
    to: '2026-03-31',
    out: join(tmp.dir, 'acme.xlsx'),
    format: 'xlsx',
    appVersion: '9.9.9',
    now: NOW,
  });
  // The same function `concilia reconcile` calls, with the same arguments.
  const fresh = reconcile(withStore(db), { connection: PORTAL, from: '2026-01-01', to: '2026-03-31', now: NOW });
  if (fresh.kind !== 'portal') throw new Error('expected a portal reconciliation');
  rec = fresh;
  book = readXlsx(result.path);
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

function header(sheet: XlsxSheet): (string | number | boolean | null)[] {
  return (sheet.rows[0] ?? []).map((c) => c?.value ?? null);
}

function minor(cell: XlsxCell | undefined): number {
  expect(cell?.type).toBe('n');
  expect(cell?.formula).toBeUndefined();
  return cellNumberToMinor(cell?.value as number, 2);
}

function isText(cell: XlsxCell | undefined): boolean {
  return cell !== undefined && ['s', 'str', 'inlineStr'].includes(cell.type) && cell.formula === undefined;
}

describe('portal workbook', () => {
  it('has the sheets in order, and reports them', () => {
    expect(book.sheetNames).toEqual([...PORTAL_SHEETS]);
    expect(result.sheets).toEqual([...PORTAL_SHEETS]);
    expect(result.figuresHash).toBe(rec.dataHash);
    expect(result.rows).toBeGreaterThan(rec.rows.length);
  });

  it('leaves no temporary file beside the workbook', () => {
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.part'))).toEqual([]);
  });

  it('writes the header rows of Discrepancies and All rows exactly', () => {
    expect(header(book.sheet('Discrepancies'))).toEqual(HEADERS);
    expect(header(book.sheet('All rows'))).toEqual(ALL_HEADERS);
  });

  it('writes every row with amounts equal to the reconciliation to the minor unit', () => {
    const all = sheetRecords(book.sheet('All rows'));
    expect(all.map((r) => r.Key?.value)).toEqual(rec.rows.map((r) => r.key));
    rec.rows.forEach((row, i) => {
      const line = all[i] ?? {};
      expect(minor(line.Invoiced)).toBe(row.invoicedMinor);
      expect(minor(line['Provider reported'])).toBe(row.providerReportedMinor);
      expect(minor(line.Difference)).toBe(row.differenceMinor);
      expect(line['Provider ID']?.value).toBe(row.providerId);
      expect(line.Provider?.value).toBe(row.providerName);
      expect(line.Status?.value).toBe(CLASS_WORDS[row.status]);
      expect(minor(line.Paid)).toBe(row.paidMinor);
      expect(minor(line.Pending)).toBe(row.pendingMinor);
      expect(line.Tasks?.value).toBe(row.taskCount);
      expect(serialToDate(line['Period start']?.value as number)).toBe(row.periodStart);
      expect(serialToDate(line['Period end']?.value as number)).toBe(row.periodEnd);
      if (row.differencePct === null) expect(line['Difference %']?.value ?? null).toBeNull();
      else expect(Math.round((line['Difference %']?.value as number) * 10_000)).toBe(Math.round(Number(row.differencePct) * 100));
    });
    const disc = sheetRecords(book.sheet('Discrepancies'));
    const outside = rec.rows.filter((r) => r.outOfTolerance);
    expect(outside.length).toBeGreaterThan(0);
    expect(disc.map((r) => r.Key?.value)).toEqual(outside.map((r) => r.key));
    outside.forEach((row, i) => expect(minor(disc[i]?.Difference)).toBe(row.differenceMinor));
  });

  it('formats amounts, percents and dates as typed cells', () => {
    const line = sheetRecords(book.sheet('All rows'))[0] ?? {};
    expect(line.Invoiced?.numFmt).toContain('#,##0.00');
    expect(line.Invoiced?.numFmt).toContain('COP');
    expect(line.Invoiced?.numFmt).toMatch(/;\[Red\]-/);
    expect(line['Difference %']?.numFmt).toBe('0.00%');
    expect(line['Period start']?.type).toBe('n');
    expect(line['Period start']?.numFmt).toBe('yyyy-mm-dd');
    // A negative difference is a negative number, not text.
    const lower = sheetRecords(book.sheet('All rows')).find((r) => r.Status?.value === 'Provider lower');
    expect(lower?.Difference?.value as number).toBeLessThan(0);
  });

  it('keeps names and notes that look like formulas as text cells', () => {
    const all = book.sheet('All rows');
    const byName = (name: string): XlsxCell | undefined => sheetRecords(all).find((r) => r.Provider?.value === name)?.Provider;
    for (const name of [HYPERLINK_NAME, PLUS_NAME, '@Arroba']) {
      const cell = byName(name);
      expect(cell?.value).toBe(name);
      expect(isText(cell)).toBe(true);
    }
    const note = sheetRecords(book.sheet('Discrepancies')).find((r) => r.Note?.value === FORMULA_NOTE)?.Note;
    expect(isText(note)).toBe(true);
    for (const name of book.sheetNames) {
      const xml = book.sheet(name).xml;
      expect(xml).not.toMatch(/<f>[^<]*HYPERLINK/);
      expect(xml).not.toContain('<hyperlink');
    }
    expect([...book.entries.keys()].some((k) => k.includes('worksheets/_rels'))).toBe(false);
  });

  it('writes Summary totals as formulas whose cached results equal their sums', () => {
    const summary = book.sheet('Summary');
    const top = summaryHeaderRow(summary);
    const all = sheetRecords(book.sheet('All rows'));
    const disc = sheetRecords(book.sheet('Discrepancies'));
    const lines = sheetRecords(summary, top).filter((r) => typeof r['Period start']?.value === 'number');
    expect(lines.map((l) => serialToDate(l['Period start']?.value as number))).toEqual(rec.periods.map((p) => p.periodStart));
    for (const line of lines) {
      const start = line['Period start']?.value;
      const rows = all.filter((r) => r['Period start']?.value === start);
      const sum = (h: string): number => rows.reduce((s, r) => s + cellNumberToMinor(r[h]?.value as number, 2), 0);
      for (const [h, expected] of [
        ['Invoiced', sum('Invoiced')],
        ['Provider reported', sum('Provider reported')],
        ['Difference', sum('Difference')],
      ] as const) {
        expect(line[h]?.formula).toMatch(/^SUMIFS\('All rows'!/);
        expect(line[h]?.type).toBe('n');
        expect(cellNumberToMinor(line[h]?.value as number, 2)).toBe(expected);
      }
      expect(line.Rows?.formula).toMatch(/^COUNTIFS/);
      expect(line.Rows?.value).toBe(rows.length);
      expect(line['Provider higher']?.value).toBe(rows.filter((r) => r.Status?.value === 'Provider higher').length);
      expect(line['Provider higher']?.value).toBe(rec.periods.find((x) => x.periodStart === serialToDate(start as number))?.classes.PROVIDER_HIGHER);
      expect(line['Open items']?.value).toBe(disc.filter((r) => r['Period start']?.value === start && r['Review state']?.value === 'open').length);
      const p = rec.periods.find((x) => x.periodStart === serialToDate(start as number));
      expect(cellNumberToMinor(line.Invoiced?.value as number, 2)).toBe(p?.invoicedMinor);
    }
    const total = sheetRecords(summary, top).find((r) => r['Period start']?.value === 'Total');
    expect(total?.Invoiced?.formula).toMatch(new RegExp(`^SUM\\(D${top + 1}:D\\d+\\)$`));
    expect(cellNumberToMinor(total?.Invoiced?.value as number, 2)).toBe(rec.totals.invoicedMinor);
    expect(cellNumberToMinor(total?.Difference?.value as number, 2)).toBe(rec.totals.differenceMinor);
    expect(total?.Rows?.value).toBe(rec.totals.rowCount);
    const findings = sheetRecords(summary, top).reduce((n, r) => n + (typeof r['Period start']?.value === 'number' ? (r.Findings?.value as number) : 0), 0);
    expect(total?.Findings?.value).toBe(findings);
  });

  it('freezes, filters, highlights and sets up each sheet for printing', () => {
    const print = book.definedNames.filter((d) => d.name === '_xlnm.Print_Titles');
    for (const [i, name] of book.sheetNames.entries()) {
      const sheet = book.sheet(name);
      const top = name === 'Summary' ? summaryHeaderRow(sheet) : 1;
      expect(sheet.frozen).toEqual({ xSplit: 0, ySplit: top });
      // About reads top to bottom like a document: portrait, always one page wide, its texts wrapped.
      expect(sheet.pageSetup.orientation).toBe(name === 'About' ? 'portrait' : 'landscape');
      // Fitted to the page width only where the columns leave the text readable; else full size.
      const width = [...sheet.columnWidths.values()].reduce((a, b) => a + b, 0);
      expect(sheet.fitToPage).toBe(name === 'About' || width <= READABLE_WIDTH);
      if (sheet.fitToPage) {
        expect(sheet.pageSetup.fitToWidth).toBe('1');
        expect(sheet.pageSetup.fitToHeight).toBe('0');
      } else {
        // Across pages at full size, the key column repeated on each.
        expect(sheet.pageSetup.scale).toBe('100');
        expect(print.find((d) => d.localSheetId === i)?.value).toContain('$A:$A');
      }
      expect(sheet.rows[top - 1]?.[0]?.bold).toBe(true);
      expect(sheet.columnWidths.get(1)).toBeGreaterThan(5);
      expect(print.find((d) => d.localSheetId === i)?.value).toContain(`$${top}:$${top}`);
    }
    expect(book.sheet('All rows').fitToPage).toBe(false);
    expect(book.sheet('Summary').fitToPage).toBe(true);
    expect(book.sheet('All rows').autoFilter).toBe(`A1:P${rec.rows.length + 1}`);
    const all = sheetRecords(book.sheet('All rows'));
    for (const line of all) {
      const outside = line.Status?.value === 'Provider higher' || line.Status?.value === 'Provider lower';
      expect(line.Key?.fill !== undefined).toBe(outside);
    }
  });

  it('lists findings and coverage gaps on Checks, and the review and sign-off history on Review log', () => {
    const checks = sheetRecords(book.sheet('Checks'));
    for (const f of rec.findings) expect(checks.some((c) => c.Key?.value === f.key)).toBe(true);
    expect(checks.some((c) => c.Check?.value === 'Period not fully synced' && serialToDate(c['Period start']?.value as number) === '2026-03-01')).toBe(true);
    // Checks speak words: no finding is shown by its code.
    for (const c of checks) expect(String(c.Check?.value)).not.toMatch(/^[a-z]+(_[a-z]+)+$/);
    const log = book.sheet('Review log');
    const entries = sheetRecords(log).filter((r) => typeof r['#']?.value === 'number');
    // The review log speaks sentences: who, when, what, with the item's key kept beside.
    const review = entries.find((e) => e.Key?.value === 'P|3|2026-01-01');
    expect(review?.What?.value).toBe(`Marked +Carga, January 2026 as explained (timing): “${FORMULA_NOTE}”.`);
    expect(isText(review?.What)).toBe(true);
    expect(review?.Who?.value).toBe('ana');
    expect(review?.Account?.value).toBe('test:ana');
    for (const e of entries) expect(String(e.What?.value)).not.toMatch(/[{}]|review\.set|signoff\./);
  });

  it('says where the figures came from on About, without a secret', () => {
    const about = new Map(sheetRecords(book.sheet('About')).map((r) => [r.Item?.value, r.Value]));
    expect(about.get('Connection')?.value).toBe(PORTAL);
    expect(about.get('Base URL')?.value).toBe('https://acme.example.com/');
    expect(about.get('Tenant')?.value).toBe('acme');
    expect(about.get('Currency')?.value).toBe('COP');
    expect(serialToDate(about.get('From')?.value as number)).toBe('2026-01-01');
    expect(about.get('App version')?.value).toBe('Concilia 9.9.9');
    expect(about.get('Figures hash (sha256)')?.value).toBe(rec.dataHash);
    expect(cellNumberToMinor(about.get('Tolerance (absolute)')?.value as number, 2)).toBe(1000);
    const xml = book.sheet('About').xml;
    expect(xml).not.toContain('pass');
    expect(xml).not.toContain('token');
    expect(xml).toContain('Synced at (UTC)');
  });

  it('reads back the same with read-excel-file', async () => {
    expect(await readSheetNames(result.path)).toEqual([...PORTAL_SHEETS]);
    const rows = await readXlsxFile(result.path, { sheet: 'Discrepancies' });
    expect(rows[0]).toEqual(HEADERS);
    const outside = rec.rows.filter((r) => r.outOfTolerance);
    expect(rows.length).toBe(outside.length + 1);
    outside.forEach((row, i) => {
      const line = rows[i + 1] ?? [];
      expect(line[0]).toBe(row.key);
      expect(line[2]).toBe(row.providerName);
      expect(cellNumberToMinor(line[5] as number, 2)).toBe(row.invoicedMinor);
      expect(cellNumberToMinor(line[6] as number, 2)).toBe(row.providerReportedMinor);
      expect(cellNumberToMinor(line[7] as number, 2)).toBe(row.differenceMinor);
      expect(line[3]).toBeInstanceOf(Date);
      // read-excel-file's types call a date cell `typeof Date`; at run time it is a Date.
      expect((line[3] as unknown as Date).toISOString().slice(0, 10)).toBe(row.periodStart);
    });
  });
});
