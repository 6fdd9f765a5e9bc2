/**
 * A third reader that is a real spreadsheet program: LibreOffice opens the workbook headless,
 * converts every sheet to CSV without complaint, shows formula-looking names as the text they
 * are, agrees with the Summary totals, and writes an xlsx of its own that the review import reads.
 *
 * LibreOffice is required (CI installs Debian's libreoffice-calc-nogui): without it this test
 * fails, loudly, instead of skipping.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { cellNumberToMinor } from '../../../electron/core/export/cell-format.ts';
import { exportReconciliation, importReview, PORTAL_SHEETS } from '../../../electron/core/export/index.ts';
import { reconcile, type PortalReconciliation } from '../../../electron/core/reconcile/index.ts';
import { HYPERLINK_NAME, NOW, PLUS_NAME, PORTAL, openTempCache, seedPortal, tempDir, type TempDir } from './fixtures.ts';
import { withStore } from '../../support/review-store.ts';
import { convertWithLibreOffice } from '../../support/libreoffice.ts';

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

let tmp: TempDir;
let db: CacheDatabase;
let workbook: string;
let rec: PortalReconciliation;

beforeAll(async () => {
  tmp = tempDir('concilia-lo-');
  db = openTempCache(tmp.dir);
  seedPortal(db);
  workbook = join(tmp.dir, 'acme.xlsx');
  await exportReconciliation(withStore(db), { connection: PORTAL, from: '2026-01-01', to: '2026-02-28', out: workbook, format: 'xlsx', appVersion: '1', now: NOW });
  rec = reconcile(withStore(db), { connection: PORTAL, from: '2026-01-01', to: '2026-02-28', now: NOW }) as PortalReconciliation;
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('LibreOffice', () => {
  it('converts every sheet to CSV without errors, names as text, totals as computed', async () => {
    const outDir = join(tmp.dir, 'csv');
    // Every sheet (the last option, -1), values not as shown, UTF-8.
    const log = await convertWithLibreOffice(workbook, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', outDir, join(tmp.dir, 'profile'));
    expect(log).not.toMatch(/Error|failed/i);
    const files = readdirSync(outDir).sort();
    expect(files).toEqual([...PORTAL_SHEETS].map((s) => `acme-${s}.csv`).sort());

    const all = parseCsv(readFileSync(join(outDir, 'acme-All rows.csv'), 'utf8'));
    expect(all[0]?.slice(0, 3)).toEqual(['Key', 'Provider ID', 'Provider']);
    const names = all.map((r) => r[2]);
    expect(names).toContain(HYPERLINK_NAME);
    expect(names).toContain(PLUS_NAME);
    expect(names).not.toContain('y');

    const summary = parseCsv(readFileSync(join(outDir, 'acme-Summary.csv'), 'utf8'));
    const total = summary.find((r) => r[0] === 'Total');
    expect(cellNumberToMinor(Number(total?.[3]), 2)).toBe(rec.totals.invoicedMinor);
    expect(cellNumberToMinor(Number(total?.[4]), 2)).toBe(rec.totals.providerReportedMinor);
    expect(cellNumberToMinor(Number(total?.[5]), 2)).toBe(rec.totals.differenceMinor);
    const jan = summary.find((r) => r[0] === '2026-01-01');
    expect(cellNumberToMinor(Number(jan?.[3]), 2)).toBe(rec.periods[0]?.invoicedMinor);
  });

  it('saves an xlsx of its own that import-review reads', async () => {
    const outDir = join(tmp.dir, 'lo-xlsx');
    await convertWithLibreOffice(workbook, 'xlsx', outDir, join(tmp.dir, 'profile'));
    const saved = join(outDir, 'acme.xlsx');
    expect(existsSync(saved)).toBe(true);
    const report = await importReview(withStore(db, () => NOW), { connection: PORTAL, file: saved, dryRun: true });
    expect(report.problems).toEqual([]);
    expect(report.changes).toEqual([]);
    // The Discrepancies sheet's lines and the findings on Checks.
    expect(report.rowsRead).toBe(rec.rows.filter((r) => r.outOfTolerance).length + rec.findings.length);
  });
});
