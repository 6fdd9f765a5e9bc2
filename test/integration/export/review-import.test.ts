/**
 * The round trip: export, a reviewer fills the review columns in a spreadsheet program and sends
 * the workbook back, import. What is sound is applied through the review module (so it reaches
 * the audit log); a tampered key, figures that changed, an unknown state are reported and left.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { exportReconciliation, importReview, WorkbookInputError } from '../../../electron/core/export/index.ts';
import { listAuditLog, verifyAuditChain } from '../../../electron/core/review/audit.ts';
import { getReviews } from '../../../electron/core/review/reviews.ts';
import { NOW, PAYG, PORTAL, openTempCache, seedPayg, seedPortal, tempDir, type TempDir } from './fixtures.ts';
import { testIdentity } from '../../support/identity.ts';
import { withStore } from '../../support/review-store.ts';

const rita = testIdentity('rita');

let tmp: TempDir;
let db: CacheDatabase;
let returned: string;
const clock = (): number => NOW + 60_000;

/** Edit a sheet the way a reviewer would, by header and key. */
async function editWorkbook(source: string, target: string, edits: Record<string, Record<string, Record<string, string | number>>>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(source);
  for (const [sheetName, byKey] of Object.entries(edits)) {
    const sheet = wb.getWorksheet(sheetName);
    if (!sheet) throw new Error(`no ${sheetName}`);
    const col = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, n) => col.set(cell.text, n));
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const key = row.getCell(col.get('Key') ?? 1).text;
      for (const [header, value] of Object.entries(byKey[key] ?? {})) row.getCell(col.get(header) ?? 0).value = value;
    }
  }
  await wb.xlsx.writeFile(target);
}

const FINDING = 'F|paid_plus_pending|6|2026-02-01';

beforeAll(async () => {
  tmp = tempDir();
  db = openTempCache(tmp.dir);
  await seedPortal(db);
  seedPayg(db);
  const exported = join(tmp.dir, 'for-review.xlsx');
  await exportReconciliation(withStore(db), { connection: PORTAL, from: '2026-01-01', to: '2026-02-28', out: exported, format: 'xlsx', appVersion: '1', now: NOW });
  returned = join(tmp.dir, 'reviewed.xlsx');
  await editWorkbook(exported, returned, {
    Discrepancies: {
      'P|2|2026-01-01': { 'Review state': 'Explained', Reason: 'pricing', Note: 'Agreed rate change, see email of 3 Feb' },
      'P|10|2026-02-01': { 'Review state': 'resolved', Reason: 'rejected work', Note: '=not a formula' },
      'P|1|2026-02-01': { Key: 'P|999|2026-02-01', 'Review state': 'resolved' },
      'P|5|2026-01-01': { Invoiced: 1, 'Review state': 'resolved' },
      'P|3|2026-01-01': { 'Review state': 'approved' },
    },
    // Findings are reviewed on the Checks sheet, like discrepancies.
    Checks: { [FINDING]: { 'Review state': 'Resolved', Reason: 'upstream error', Note: 'Portal fixed the pending amount' } },
  });
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

const keysOf = (db: CacheDatabase, connection: string) => getReviews(withStore(db), connection).map((r) => [r.itemKey, r.state, r.note]);

describe('import-review', () => {
  it('shows on a dry run what would change and what is wrong, and changes nothing', async () => {
    const auditBefore = listAuditLog(db).length;
    const reviewsBefore = keysOf(db, PORTAL);
    const report = await importReview(withStore(db, clock, rita), { connection: PORTAL, file: returned, dryRun: true });
    expect(report.sheet).toBe('Discrepancies, Checks');
    expect(report.applied).toBe(0);
    expect(report.changes.map((c) => c.key).sort()).toEqual([FINDING, 'P|10|2026-02-01', 'P|2|2026-01-01']);
    expect(report.changes.find((c) => c.key === 'P|2|2026-01-01')?.after).toEqual({ state: 'explained', reason: 'pricing', note: 'Agreed rate change, see email of 3 Feb' });
    expect(report.changes.find((c) => c.key === 'P|10|2026-02-01')?.after).toEqual({ state: 'resolved', reason: 'rejected_work', note: '=not a formula' });
    expect(report.changes.find((c) => c.key === FINDING)).toMatchObject({ before: { state: 'carried_forward' }, after: { state: 'resolved', reason: 'upstream_error' } });
    const kinds = Object.fromEntries(report.problems.map((p) => [p.key, p.kind]));
    expect(kinds).toEqual({ 'P|999|2026-02-01': 'unknown_key', 'P|5|2026-01-01': 'figures_changed', 'P|3|2026-01-01': 'invalid_state' });
    expect(report.problems.find((p) => p.kind === 'figures_changed')?.message).toMatch(/Invoiced is 0\.00 COP now, 1 in the workbook/);
    expect(listAuditLog(db).length).toBe(auditBefore);
    expect(keysOf(db, PORTAL)).toEqual(reviewsBefore);
  });

  it('applies the sound changes through the review rules, signed by the account that imports', async () => {
    const report = await importReview(withStore(db, clock, rita), { connection: PORTAL, file: returned, dryRun: false });
    expect(report.applied).toBe(3);
    expect(report.problems).toHaveLength(3);
    const reviews = new Map(getReviews(withStore(db), PORTAL).map((r) => [r.itemKey, r]));
    expect(reviews.get('P|2|2026-01-01')).toMatchObject({ state: 'explained', reason: 'pricing', author: 'rita', accountId: 'test:rita' });
    expect(reviews.get('P|10|2026-02-01')).toMatchObject({ state: 'resolved', reason: 'rejected_work', note: '=not a formula' });
    expect(reviews.get(FINDING)).toMatchObject({ state: 'resolved', reason: 'upstream_error', note: 'Portal fixed the pending amount' });
    // Untouched: the tampered, changed and invalid lines.
    expect(reviews.has('P|999|2026-02-01')).toBe(false);
    expect(reviews.get('P|5|2026-01-01')?.state).toBe('carried_forward');
    expect(reviews.get('P|3|2026-01-01')?.state).toBe('explained');
    const entries = listAuditLog(db, { connection: PORTAL }).filter((e) => e.actor === 'test:rita');
    expect(entries.map((e) => e.subject).sort()).toEqual([FINDING, 'P|10|2026-02-01', 'P|2|2026-01-01']);
    expect(entries.every((e) => e.action === 'review.set' && e.signed)).toBe(true);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('finds nothing to do the second time', async () => {
    const report = await importReview(withStore(db, clock, rita), { connection: PORTAL, file: returned, dryRun: false });
    expect(report.changes).toEqual([]);
    expect(report.unchanged).toBe(3);
    expect(report.applied).toBe(0);
  });

  it('imports PAYG exceptions by billing period key, refusing an explanation without a reason or a note', async () => {
    const exported = join(tmp.dir, 'payg.xlsx');
    await exportReconciliation(withStore(db), { connection: PAYG, from: '2026-01-01', to: '2026-01-31', out: exported, format: 'xlsx', appVersion: '1', now: NOW });
    const back = join(tmp.dir, 'payg-back.xlsx');
    await editWorkbook(exported, back, {
      Exceptions: {
        'B|102': { 'Review state': 'explained', Reason: 'upstream_error', Note: 'Bank rejected the mandate' },
        'B|103': { Amount: 1, 'Review state': 'resolved' },
        'B|107': { 'Review state': 'explained' },
        'B|106': { 'Review state': 'carried forward', Reason: 'timing' },
      },
    });
    const report = await importReview(withStore(db, clock, rita), { connection: PAYG, file: back, dryRun: false });
    expect(report.sheet).toBe('Exceptions, Checks');
    expect(report.changes.map((c) => c.key)).toEqual(['B|102']);
    expect(report.problems.map((p) => [p.key, p.kind])).toEqual([
      ['B|103', 'figures_changed'],
      ['B|106', 'explanation_missing'],
      ['B|107', 'explanation_missing'],
    ]);
    expect(report.problems.find((p) => p.key === 'B|106')?.message).toMatch(/marked carried forward without a note/);
    expect(report.problems.find((p) => p.key === 'B|107')?.message).toMatch(/marked explained without a reason/);
    expect(getReviews(withStore(db), PAYG).map((r) => [r.itemKey, r.state])).toEqual([['B|102', 'explained']]);
  });

  it('refuses a workbook of another connection, a non-xlsx file, and a missing file, in words', async () => {
    await expect(importReview(withStore(db, clock), { connection: PAYG, file: returned, dryRun: true })).rejects.toThrow(/no Exceptions sheet/);
    const text = join(tmp.dir, 'notes.xlsx');
    writeFileSync(text, 'Key,Review state\nP|2|2026-01-01,resolved\n');
    const error = await importReview(withStore(db, clock), { connection: PORTAL, file: text, dryRun: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookInputError);
    expect((error as Error).message).toContain('is not an Excel workbook');
    await expect(importReview(withStore(db, clock), { connection: PORTAL, file: join(tmp.dir, 'missing.xlsx'), dryRun: true })).rejects.toThrow(/There is no file/);
  });
});
