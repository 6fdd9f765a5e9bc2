import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../electron/contract/index.ts';
import { summariseIssues } from '../../../electron/handlers/index.ts';
import { addBillingPeriod, addConnection, addGrandTotal, addPortalRow, addWindow, tempCache, type TempCache } from '../../unit/reconcile/fixtures.ts';

const BIN = join(import.meta.dirname, '../../../bin/concilia.js');
let cache: TempCache;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function concilia(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.CONCILIA_DB;
    execFile(process.execPath, [BIN, '--db', cache.path, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  cache = tempCache();
  const { db } = cache;
  const acme = addConnection(db, { name: 'acme', kind: 'portal', currency: 'COP' });
  const jan = addWindow(db, acme, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(db, jan, { providerId: '1', providerName: 'Alfa', invoiced: 100_000, provider: 100_000 });
  addPortalRow(db, jan, { providerId: '2', providerName: 'Beta', invoiced: 200_000, provider: 250_000, paid: 150_000 });
  addPortalRow(db, jan, { providerId: '3', providerName: 'Gamma', invoiced: 300_000, provider: 299_000, taskCount: 3, approved: 2, rejected: 1, approvalRate: '66.66' });
  addGrandTotal(db, jan);
  const lms = addConnection(db, { name: 'lms', kind: 'payg' });
  addWindow(db, lms, { kind: 'week', periodStart: '2026-02-02', periodEnd: '2026-02-08' });
  addBillingPeriod(db, lms, { id: 1, start: '2026-02-02', end: '2026-02-08', status: 'PAYMENT_COMPLETE', currency: 'NGN', amount: 100_000 });
  addBillingPeriod(db, lms, { id: 2, start: '2026-02-02', end: '2026-02-08', status: 'PAYMENT_FAILED', currency: 'NGN', amount: 25_050 });
  addBillingPeriod(db, lms, { id: 3, start: '2026-02-02', end: '2026-02-08', status: 'PENDING', currency: 'USD', amount: 990 });
  db.close();
});
afterAll(() => cache.cleanup());

describe('concilia reconcile (black box)', () => {
  it('--json: one document with exact decimal strings', async () => {
    const r = await concilia('reconcile', 'acme', '--from', '2026-01-01', '--to', '2026-01-31', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown> & { rows: Record<string, unknown>[]; findings: Record<string, unknown>[] };
    expect(doc).toMatchObject({ connection: 'acme', kind: 'portal', currency: 'COP', from: '2026-01-01', to: '2026-01-31', period: 'month', complete: true });
    expect(doc.rows.map((x) => [x.providerId, x.providerName, x.invoiced, x.providerReported, x.difference, x.differencePct, x.paid, x.pending, x.status])).toEqual([
      ['2', 'Beta', '2000.00', '2500.00', '500.00', '25.00', '1500.00', '500.00', 'PROVIDER_HIGHER'],
      ['3', 'Gamma', '3000.00', '2990.00', '-10.00', '-0.33', '3000.00', '0.00', 'PROVIDER_LOWER'],
      ['1', 'Alfa', '1000.00', '1000.00', '0.00', '0.00', '1000.00', '0.00', 'MATCHED'],
    ]);
    expect(doc.totals).toMatchObject({ invoiced: '6000.00', providerReported: '6490.00', difference: '490.00', outOfTolerance: 2 });
    expect(doc.findings).toEqual([
      expect.objectContaining({ check: 'approval_rate', providerId: '3', periodStart: '2026-01-01', expected: '66.67', actual: '66.66', key: 'F|approval_rate|3|2026-01-01' }),
    ]);
    expect(doc.tolerance).toEqual({ abs: '0.00', pct: '0' });
    expect(r.stdout).not.toMatch(/Minor/);
  });

  it('a tolerance on the command line changes the classes', async () => {
    const r = await concilia('reconcile', 'acme', '--from', '2026-01-01', '--to', '2026-01-31', '--tolerance-abs', '10', '--tolerance-pct', '1%', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { rows: { providerId: string; status: string }[] };
    expect(doc.rows.map((x) => [x.providerId, x.status])).toEqual([
      ['2', 'PROVIDER_HIGHER'],
      ['3', 'WITHIN_TOLERANCE'],
      ['1', 'MATCHED'],
    ]);
  });

  it('prints a readable table on a terminal', async () => {
    const r = await concilia('reconcile', 'acme', '--from', '2026-01-01', '--to', '2026-01-31');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('Provider'));
    const beta = lines.find((l) => l.startsWith('2 '));
    const total = lines.find((l) => l.startsWith('Total'));
    expect(header && beta && total).toBeTruthy();
    // Amounts right-aligned under their column: the ends line up.
    const invoicedEnd = (header ?? '').indexOf('Invoiced') + 'Invoiced'.length;
    expect((beta ?? '').slice(0, invoicedEnd).endsWith('2000.00')).toBe(true);
    expect((total ?? '').slice(0, invoicedEnd).endsWith('6000.00')).toBe(true);
    expect(r.stdout).toContain('[approval_rate]');
    expect(r.stdout).toContain('Complete: every period from 2026-01-01 to 2026-01-31 is synced');
  });

  it('says plainly when the period kind was never synced (exit 1)', async () => {
    const r = await concilia('reconcile', 'acme', '--from', '2026-01-01', '--to', '2026-01-31', '--period', 'week');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'concilia reconcile: no week windows synced for acme in this range (month windows exist for this range: try --period month): run concilia sync acme --from 2026-01-01 --to 2026-01-31 --period week',
    );
  });

  it('export refuses the same way, and writes nothing, when the range was never synced', async () => {
    const out = join(cache.dir, 'never.xlsx');
    const r = await concilia('export', 'acme', '--from', '2026-01-01', '--to', '2026-01-31', '--period', 'week', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('concilia export: no week windows synced for acme in this range');
    expect(existsSync(out)).toBe(false);
  });

  it('exit 2 on bad usage, exit 1 on an unknown connection', async () => {
    expect((await concilia('reconcile', 'acme', '--to', '2026-01-31')).code).toBe(2);
    expect((await concilia('reconcile', 'acme', '--from', '2026-02-30', '--to', '2026-03-31')).code).toBe(2);
    expect((await concilia('reconcile', 'acme', '--from', '2026-01-01', '--to', '2026-01-31', '--period', 'year')).code).toBe(2);
    const unknown = await concilia('reconcile', 'nope', '--from', '2026-01-01', '--to', '2026-01-31');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no connection named "nope"/);
  });

  it('refuses what the app refuses, in the app\'s words: --outstanding-days 99999', async () => {
    const range = ['--from', '2026-02-02', '--to', '2026-02-08'];
    // What the window is answered for the same request (reconcile:run's input schema, through the handlers' summary).
    const app = channels['reconcile:run'].input.safeParse({ connection: 'lms', from: '2026-02-02', to: '2026-02-08', outstandingDays: 99_999 });
    expect(app.success).toBe(false);
    const appMessage = app.error ? summariseIssues(app.error) : '';
    expect(appMessage).toBe('Some details are not valid — outstandingDays: must be at most 3650 days (ten years).');
    const words = appMessage.slice(appMessage.indexOf(': ') + 2, -1);
    for (const command of ['reconcile', 'export']) {
      const out = command === 'export' ? ['--out', join(cache.dir, 'never-written.xlsx')] : [];
      const r = await concilia(command, 'lms', ...range, ...out, '--outstanding-days', '99999');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`concilia ${command}: --outstanding-days: ${words}. See concilia ${command} --help.\n`);
    }
    expect(existsSync(join(cache.dir, 'never-written.xlsx'))).toBe(false);
    const notDays = await concilia('reconcile', 'lms', ...range, '--stuck-days', '3w');
    expect([notDays.code, notDays.stderr]).toEqual([2, 'concilia reconcile: --stuck-days: must be a whole number of days. See concilia reconcile --help.\n']);
    // The most the app allows is allowed here too.
    const most = await concilia('reconcile', 'lms', ...range, '--outstanding-days', '3650', '--json');
    expect(most.code).toBe(0);
    expect((JSON.parse(most.stdout) as { thresholds: { outstandingDays: number } }).thresholds.outstandingDays).toBe(3650);
  });

  it('PAYG --json: totals per currency, exceptions with their records', async () => {
    const r = await concilia('reconcile', 'lms', '--from', '2026-02-02', '--to', '2026-02-08', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { kind: string; period: string; totals: unknown[]; rows: unknown[]; exceptions: { key: string; kind: string; amount: string }[] };
    expect(doc).toMatchObject({ kind: 'payg', period: 'week', complete: true });
    expect(doc.totals).toEqual([
      { currency: 'NGN', count: 2, billed: '1250.50', collected: '1000.00', outstanding: '0.00', failed: '250.50', draft: '0.00', collectionRate: '79.97' },
      { currency: 'USD', count: 1, billed: '9.90', collected: '0.00', outstanding: '9.90', failed: '0.00', draft: '0.00', collectionRate: '0.00' },
    ]);
    expect(doc.exceptions.filter((e) => e.kind === 'failed')).toEqual([expect.objectContaining({ key: 'B|2', amount: '250.50', status: 'PAYMENT_FAILED', loanName: 'Loan 2' })]);
  });
});

// concilia review, signoff and audit as two real accounts: test/integration/controls/cli-two-accounts.test.ts.
