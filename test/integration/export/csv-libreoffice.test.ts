/**
 * A CSV is opened by whoever receives it, in their locale: with `,` (English) or `;` (Spanish,
 * most of Europe) as the separator. Names that start like a formula (= + - @ tab CR), hold a
 * semicolon, or hide a CR before a formula must come back from LibreOffice as text in their own
 * cell, whichever separator it splits on, with formula evaluation on: no formula cell, and no
 * row that does not belong to the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { exportReconciliation, neutraliseCsvText, type CsvDelimiter } from '../../../electron/core/export/index.ts';
import { addConnection, addPortalRow, addWindow } from '../../unit/reconcile/fixtures.ts';
import { withStore } from '../../support/review-store.ts';
import { convertWithLibreOffice } from '../../support/libreoffice.ts';
import { readXlsx } from '../../support/xlsx-reader.ts';
import { NOW, openTempCache, tempDir, type TempDir } from './fixtures.ts';

const HOSTILE = ['=1+1', '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1+4', '\r=1+5', 'ACME;=1+1', 'ACME\r=1+3', 'Two;parts\n=7*6', 'Plain, Ltd.'];

let tmp: TempDir;
let db: CacheDatabase;

beforeAll(() => {
  tmp = tempDir('concilia-csv-lo-');
  db = openTempCache(tmp.dir);
  const c = addConnection(db, { name: 'hostile', kind: 'portal', currency: 'EUR', toleranceAbsMinor: 0, tolerancePct: '0' });
  const w = addWindow(db, c, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  // Every row out of tolerance, so every name is on the CSV; the differences keep the order fixed.
  HOSTILE.forEach((name, i) => addPortalRow(db, w, { providerId: String(i + 1), providerName: name, invoiced: 100_000, provider: 100_000 + (i + 1) * 1_000 }));
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

/** LibreOffice's CSV import: the separator, double quotes, UTF-8, from line 1, formulas EVALUATED (token 13), as a hostile reader would. */
function csvFilter(delimiter: CsvDelimiter): string {
  return `CSV:${delimiter.charCodeAt(0)},34,76,1,,0,false,true,false,false,false,-1,true`;
}

describe.each([',', ';'] as const)('a CSV separated by "%s", opened by LibreOffice', (delimiter) => {
  it('has no formula cell, one row per line, and every name as text in its own cell', async () => {
    const name = delimiter === ',' ? 'comma' : 'semicolon';
    const out = join(tmp.dir, `${name}.csv`);
    await exportReconciliation(withStore(db), { connection: 'hostile', from: '2026-01-01', to: '2026-01-31', out, format: 'csv', delimiter, appVersion: '1', now: NOW });
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).not.toMatch(/\r(?!\n)/);

    const log = await convertWithLibreOffice(out, 'xlsx', join(tmp.dir, `${name}-lo`), join(tmp.dir, `profile-${name}`), csvFilter(delimiter));
    expect(log).not.toMatch(/Error|failed/i);
    const book = readXlsx(join(tmp.dir, `${name}-lo`, `${name}.xlsx`));
    const sheet = book.sheet(book.sheetNames[0] ?? '');
    const cells = sheet.rows.flat().filter((c) => c !== undefined);
    expect(cells.filter((c) => c.formula !== undefined).map((c) => `${c.ref}: ${c.formula ?? ''}`)).toEqual([]);

    const rows = sheet.rows.filter((r) => r.some((c) => c !== undefined && c.value !== null && c.value !== ''));
    expect(rows).toHaveLength(HOSTILE.length + 1);
    const header = rows[0]?.map((c) => c?.value);
    expect(header?.slice(0, 3)).toEqual(['Key', 'Provider ID', 'Provider']);
    const byId = new Map(rows.slice(1).map((r) => [String(r[1]?.value), r]));
    HOSTILE.forEach((hostile, i) => {
      const row = byId.get(String(i + 1));
      expect(row?.[0]?.value).toBe(`P|${i + 1}|2026-01-01`);
      expect(row?.[2]?.value).toBe(neutraliseCsvText(hostile));
      // The amounts are still numbers after the name, in their columns.
      expect(row?.[5]?.value).toBe(1000);
      expect(row?.[7]?.value).toBe((i + 1) * 10);
    });
  });
});
