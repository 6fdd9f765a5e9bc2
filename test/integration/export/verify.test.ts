/**
 * `concilia verify`: a signed workbook verifies from the file alone; one whose figure was edited
 * (in exceljs, as Excel would save it) does not; one whose Review columns a reviewer filled still
 * does, in English, in Spanish, and after LibreOffice saved it. A changed attested review, a
 * forged signature, a voided sign-off and a draft are each named for what they are.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.ts';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { exportReconciliation, verifyWorkbookFile } from '../../../electron/core/export/index.ts';
import { reconcile } from '../../../electron/core/reconcile/index.ts';
import { setReview } from '../../../electron/core/review/reviews.ts';
import { rangeItems, revalidateSignoffs, signOff } from '../../../electron/core/signoff/index.ts';
import { testIdentity } from '../../support/identity.ts';
import { convertWithLibreOffice } from '../../support/libreoffice.ts';
import { withStore } from '../../support/review-store.ts';
import { NOW, PAYG, PORTAL, openTempCache, seedPayg, seedPortal, tempDir, type TempDir } from './fixtures.ts';

let tmp: TempDir;
let db: CacheDatabase;
const JAN_FEB = { connection: PORTAL, from: '2026-01-01', to: '2026-02-28' };
const PAYG_JAN = { connection: PAYG, from: '2026-01-01', to: '2026-01-31', period: 'week' as const };

async function exported(name: string, params: { connection: string; from: string; to: string; period?: 'week' | 'month'; language?: 'en' | 'es' }): Promise<string> {
  const out = join(tmp.dir, `${name}.xlsx`);
  await exportReconciliation(withStore(db), { ...params, out, format: 'xlsx', appVersion: '1.0.0', now: NOW });
  return out;
}

/** Open a workbook with exceljs, change it, and save it as a copy (as Excel would). */
async function edited(file: string, name: string, change: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  change(workbook);
  const out = join(tmp.dir, `${name}.xlsx`);
  await workbook.xlsx.writeFile(out);
  return out;
}

function column(sheet: ExcelJS.Worksheet, header: string, headerRow = 1): number {
  const index = (sheet.getRow(headerRow).values as unknown[]).indexOf(header);
  if (index < 1) throw new Error(`no column ${header} on ${sheet.name}`);
  return index;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await runCli(args, { io, env: {} });
  return { code, stdout, stderr };
}

let signed: string;

beforeAll(async () => {
  tmp = tempDir('concilia-verify-');
  db = openTempCache(tmp.dir);
  await seedPortal(db);
  // Another account countersigns January and February as reviewer.
  await signOff(withStore(db, () => NOW - 1_800_000, testIdentity('bruno')), { ...JAN_FEB, period: 'month', role: 'reviewer' });
  seedPayg(db);
  const open = [...rangeItems(reconcile(withStore(db, () => NOW - 7_200_000), { ...PAYG_JAN, now: NOW - 7_200_000 }))].filter((i) => i.kind !== null);
  setReview(withStore(db, () => NOW - 7_200_000), { connection: PAYG, itemKeys: open.map((i) => i.key), state: 'explained', reason: 'timing', note: 'collected in February' });
  await signOff(withStore(db, () => NOW - 3_600_000), { ...PAYG_JAN, role: 'preparer' });
  signed = await exported('signed', JAN_FEB);
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('concilia verify', () => {
  it('verifies a signed workbook from the file alone: both signatures, with the keys About lists', async () => {
    const result = await verifyWorkbookFile(signed);
    expect(result.verdict).toBe('verified');
    expect(result.ok).toBe(true);
    expect(result.signatures.map((s) => [s.role, s.account, s.fingerprint, s.signatureValid, s.statementMatches])).toEqual([
      ['preparer', 'test:ana', testIdentity('ana').fingerprint, true, true],
      ['reviewer', 'test:bruno', testIdentity('bruno').fingerprint, true, true],
    ]);
    // The hash recomputed from the workbook is the one the cache's sign-offs recorded.
    const signoffs = withStore(db).reviews.signoffs({ id: 1, name: PORTAL }, { from: JAN_FEB.from, to: JAN_FEB.to });
    expect(Object.values(result.recomputed)).toEqual(signoffs.filter((s) => s.status === 'live').map((s) => s.dataHash));
    // No cache: the command runs with none given, in a folder of its own.
    const alone = join(tmp.dir, 'alone.xlsx');
    copyFileSync(signed, alone);
    const run = await cli(['verify', alone]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^VERIFIED: this workbook is the one that was signed \(acme-cop, 2026-01-01 to 2026-02-28/);
    expect(run.stdout).toContain('preparer ana (test:ana)');
    expect(run.stdout).toContain('reviewer bruno (test:bruno)');
  });

  it('fails a workbook whose figure was edited, saying the statement differs while the signatures hold', async () => {
    const file = await edited(signed, 'edited-figure', (workbook) => {
      const all = workbook.getWorksheet('All rows');
      if (!all) throw new Error('no All rows');
      const cell = all.getRow(3).getCell(column(all, 'Provider reported'));
      cell.value = (cell.value as number) + 0.01;
    });
    const result = await verifyWorkbookFile(file);
    expect(result.verdict).toBe('altered');
    expect(result.ok).toBe(false);
    expect(result.signatures.every((s) => s.signatureValid && !s.statementMatches)).toBe(true);
    const run = await cli(['verify', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^NOT VERIFIED: this workbook is not the one that was signed/);
    expect(run.stdout).toContain('the statement it signed differs');
    // A task count, a paid amount, a row removed: each breaks it too.
    for (const [name, change] of [
      ['edited-tasks', (s: ExcelJS.Worksheet) => (s.getRow(2).getCell(column(s, 'Tasks')).value = 11)],
      ['edited-paid', (s: ExcelJS.Worksheet) => (s.getRow(2).getCell(column(s, 'Paid')).value = 1)],
      ['removed-row', (s: ExcelJS.Worksheet) => s.spliceRows(2, 1)],
    ] as const) {
      const changed = await edited(signed, name, (workbook) => {
        const all = workbook.getWorksheet('All rows');
        if (all) change(all);
      });
      expect((await verifyWorkbookFile(changed)).verdict, name).toBe('altered');
    }
  });

  it('passes a workbook whose Review columns a reviewer filled, on every sheet that has them', async () => {
    const file = await edited(signed, 'reviewed', (workbook) => {
      for (const name of ['Discrepancies', 'All rows', 'Checks']) {
        const sheet = workbook.getWorksheet(name);
        if (!sheet) throw new Error(`no ${name}`);
        for (let r = 2; r <= sheet.rowCount; r++) {
          sheet.getRow(r).getCell(column(sheet, 'Review state')).value = 'resolved';
          sheet.getRow(r).getCell(column(sheet, 'Reason')).value = 'pricing';
          sheet.getRow(r).getCell(column(sheet, 'Note')).value = 'Agreed with the provider on 2026-03-20';
        }
      }
    });
    const result = await verifyWorkbookFile(file);
    expect(result.verdict).toBe('verified');
    expect(result.signatures).toHaveLength(2);
  });

  it('passes after LibreOffice saved it, and a Spanish workbook of the same range', async () => {
    const outDir = join(tmp.dir, 'lo');
    await convertWithLibreOffice(signed, 'xlsx', outDir, join(tmp.dir, 'profile'));
    expect((await verifyWorkbookFile(join(outDir, 'signed.xlsx'))).verdict).toBe('verified');
    const spanish = await exported('firmado', { ...JAN_FEB, language: 'es' });
    const result = await verifyWorkbookFile(spanish);
    expect(result.verdict).toBe('verified');
    const run = await cli(['verify', spanish]);
    expect(run.code).toBe(0);
  });

  it('fails when an attested review or the signed entry was changed', async () => {
    const review = await edited(signed, 'edited-review', (workbook) => {
      const about = workbook.getWorksheet('About');
      if (!about) throw new Error('no About');
      let changed = false;
      about.eachRow((row) => {
        // The attested reviews: Key, Note (sha256), Review state, Reason.
        if (!changed && row.getCell(1).text === 'P|3|2026-01-01' && row.getCell(3).text === 'explained') {
          row.getCell(3).value = 'resolved';
          changed = true;
        }
      });
      expect(changed).toBe(true);
    });
    expect((await verifyWorkbookFile(review)).verdict).toBe('altered');

    // Someone edits a figure and writes the new hash into the signed entry: the signature breaks.
    const edit = await edited(signed, 'edit-for-forgery', (workbook) => {
      const all = workbook.getWorksheet('All rows');
      if (all) all.getRow(2).getCell(column(all, 'Invoiced')).value = 1;
    });
    const recomputed = Object.values((await verifyWorkbookFile(edit)).recomputed)[0] ?? '';
    const forged = await edited(edit, 'forged', (workbook) => {
      workbook.getWorksheet('About')?.eachRow((row) => {
        for (let c = 1; c <= row.cellCount; c++) {
          const text = row.getCell(c).text;
          if (text.startsWith('{"action":"signoff.sign"')) row.getCell(c).value = text.replace(/\\"dataHash\\":\\"[0-9a-f]{64}\\"/, `\\"dataHash\\":\\"${recomputed}\\"`);
        }
      });
    });
    const result = await verifyWorkbookFile(forged);
    expect(result.verdict).toBe('altered');
    expect(result.signatures.some((s) => !s.signatureValid)).toBe(true);
  });

  it('says a draft is not signed, and a voided sign-off is voided', async () => {
    const draft = await exported('draft', { connection: PORTAL, from: '2026-01-01', to: '2026-03-31' });
    const result = await verifyWorkbookFile(draft);
    expect(result.verdict).toBe('not_signed');
    const run = await cli(['verify', draft]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^NOT SIGNED/);

    db.prepare("UPDATE portal_row SET provider_minor = provider_minor + 1 WHERE provider_id = '1' AND period_start = '2026-02-01'").run();
    revalidateSignoffs(withStore(db, () => NOW), PORTAL);
    const voided = await exported('voided', JAN_FEB);
    const after = await verifyWorkbookFile(voided);
    expect(after.verdict).toBe('voided');
    expect(after.signatures.every((s) => s.status === 'voided' && s.signatureValid)).toBe(true);
    db.prepare("UPDATE portal_row SET provider_minor = provider_minor - 1 WHERE provider_id = '1' AND period_start = '2026-02-01'").run();
  });

  it('verifies a signed PAYG workbook from its Summary, and fails it when an amount changes', async () => {
    const payg = await exported('payg', PAYG_JAN);
    const result = await verifyWorkbookFile(payg);
    expect(result.kind).toBe('payg');
    expect(result.verdict).toBe('verified');
    const file = await edited(payg, 'payg-edited', (workbook) => {
      const summary = workbook.getWorksheet('Summary');
      if (!summary) throw new Error('no Summary');
      let header = 0;
      summary.eachRow((row, r) => {
        if (header === 0 && row.getCell(1).text === 'Currency' && row.getCell(2).text === 'Period start') header = r;
      });
      const cell = summary.getRow(header + 1).getCell(column(summary, 'Collected', header));
      cell.value = (cell.value as number) + 1;
    });
    expect((await verifyWorkbookFile(file)).verdict).toBe('altered');
  });

  it('refuses what is not a workbook, in words', async () => {
    const run = await cli(['verify', join(tmp.dir, 'missing.xlsx')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('There is no file');
    expect((await cli(['verify'])).code).toBe(2);
    rmSync(join(tmp.dir, 'alone.xlsx'), { force: true });
  });
});
