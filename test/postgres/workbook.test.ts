/**
 * A workbook exported on any laptop of a team carries every sign-off with its signed entry: the
 * reviewer's laptop, which pulled the preparer's sign-off, lists it on the cover and in About
 * exactly as the preparer's own laptop does (account, time, key fingerprint, status, the very
 * signature), and `concilia verify` holds it valid from the file alone.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main.ts';
import { exportReconciliation, verifyWorkbookFile } from '../../electron/core/export/index.ts';
import { setReview } from '../../electron/core/review/index.ts';
import { signOff } from '../../electron/core/signoff/index.ts';
import { NOW } from '../unit/reconcile/fixtures.ts';
import { tempDir, type TempDir } from '../integration/export/fixtures.ts';
import { teamOfTwo, type Laptop, type TeamOfTwo } from './support.ts';

let two: TeamOfTwo;
let a: Laptop;
let b: Laptop;
let tmp: TempDir;
const range = { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month' as const };

beforeEach(async () => {
  tmp = tempDir('concilia-team-workbook-');
  two = await teamOfTwo();
  ({ a, b } = two);
});
afterEach(async () => {
  tmp.cleanup();
  await two.close();
});

async function exported(l: Laptop, name: string): Promise<string> {
  const out = join(tmp.dir, `${name}.xlsx`);
  await exportReconciliation(l.deps, { ...range, out, format: 'xlsx', appVersion: '1.0.0', now: NOW });
  return out;
}

/** The cover's sign-off lines (role · name · account · time · fingerprint · status), top of Summary. */
async function coverSignoffs(file: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const summary = workbook.worksheets[0];
  const lines: string[] = [];
  summary?.eachRow((row) => {
    const text = row.getCell(3).text;
    if (text.includes(' · ')) lines.push(text);
  });
  return lines;
}

async function verify(file: string): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await runCli(['verify', file], { io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => undefined } }, env: {} });
  return { code, stdout };
}

describe('a workbook exported on another laptop of the team', () => {
  it('lists the sign-off pulled from the preparer’s laptop as the preparer’s own workbook does, and verifies', async () => {
    setReview(a.deps, { connection: 'acme', itemKeys: ['P|2|2026-01-01', 'P|3|2026-01-01'], state: 'explained', reason: 'timing', note: 'credit note in February' });
    const prepared = await signOff(a.deps, { ...range, role: 'preparer' });
    await b.sync();

    const onA = await exported(a, 'on-a');
    const onB = await exported(b, 'on-b');
    const ana = a.store.identity;
    const cover = await coverSignoffs(onB);
    expect(cover).toEqual(await coverSignoffs(onA));
    expect(cover).toHaveLength(1);
    expect(cover[0]).toContain(`preparer · Ana Pérez · ${ana.accountId} · ${prepared.signedAt.slice(0, 10)} ${prepared.signedAt.slice(11, 16)} UTC · Key fingerprint ${ana.fingerprint} · live`);

    const fromB = await verifyWorkbookFile(onB);
    const fromA = await verifyWorkbookFile(onA);
    expect(fromB).toMatchObject({ verdict: 'verified', ok: true });
    expect(fromB.signatures.map((s) => [s.role, s.account, s.displayName, s.signedAt, s.fingerprint, s.status, s.keyInWorkbook, s.signatureValid, s.rangeMatches, s.statementMatches])).toEqual([
      ['preparer', ana.accountId, 'Ana Pérez', prepared.signedAt, ana.fingerprint, 'live', true, true, true, true],
    ]);
    // The same entry, to the signature: each laptop numbers its sign-offs its own way, nothing else differs.
    expect(fromB.signatures.map(({ signoffId: _, ...s }) => s)).toEqual(fromA.signatures.map(({ signoffId: _, ...s }) => s));
    expect(Object.values(fromB.recomputed)).toEqual(Object.values(fromA.recomputed));

    const run = await verify(onB);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^VERIFIED: this workbook is the one that was signed \(acme, 2026-01-01 to 2026-01-31/);
    expect(run.stdout).toContain(`preparer Ana Pérez (${ana.accountId})`);

    // The reviewer signs on B; A pulls it: both workbooks now list both entries alike.
    await signOff(b.deps, { ...range, role: 'reviewer' });
    await a.sync();
    const both = [await coverSignoffs(await exported(a, 'both-a')), await coverSignoffs(await exported(b, 'both-b'))];
    expect(both[0]).toHaveLength(2);
    expect(both[0]).toEqual(both[1]);
    expect((await verifyWorkbookFile(join(tmp.dir, 'both-a.xlsx'))).verdict).toBe('verified');
    for (const l of [a, b]) expect(l.store.verifyAuditLog()).toMatchObject({ ok: true });
  });
});
