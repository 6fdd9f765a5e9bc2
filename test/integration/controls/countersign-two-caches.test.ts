/**
 * Two-person sign-off with nothing but files, as two real accounts of this computer
 * (test/support/os-accounts.ts), each with a cache of its own that the other cannot read: the
 * preparer syncs, reviews, signs and exports on A; the workbook travels (as by e-mail) to the
 * reviewer, who countersigns it with no cache of the connection and no credentials; the
 * countersignature travels back and the preparer imports it. `audit verify` and `concilia verify`
 * then pass on A and on the final workbook, whose cover shows both signatures.
 *
 * Refused on the way: the preparer countersigning their own workbook, a workbook with an edited
 * figure, a countersignature from a key A does not know (until the preparer trusts it), and a
 * countersignature imported after a restatement voided the preparer's sign-off.
 */
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restatePortalFigures, startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { ensureTestAccounts, runAs, type RunAs, type TestAccount, type TestAccounts } from '../../support/os-accounts.ts';
import { CLI } from '../faults/support.ts';

const MONTH = ['--from', '2025-03-01', '--to', '2025-03-31', '--period', 'month'];
let accounts: TestAccounts;
let sandbox: Sandbox;
let dir: string;
/** Each account's own folder (0700), holding its cache and the files it received. */
let atA: string;
let atB: string;
let cacheA: string;
let cacheB: string;
let env: NodeJS.ProcessEnv;
let upstreamNow = Date.now();

function concilia(who: TestAccount, db: string, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<RunAs> {
  return runAs(who, accounts, process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--db', db, ...args], extra);
}
const preparer = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<RunAs> => concilia(accounts.preparer, cacheA, args, { ...env, ...extra });
/** The reviewer's concilia: their own cache, and no credentials of any kind. */
const reviewer = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<RunAs> => concilia(accounts.reviewer, cacheB, args, extra);

/** A file sent to an account (as an e-mail attachment would arrive): a copy it owns in its own folder. */
function send(from: string, to: TestAccount, folder: string, name: string): string {
  const target = join(folder, name);
  copyFileSync(from, target);
  chownSync(target, to.uid, to.gid);
  chmodSync(target, 0o600);
  return target;
}

function ownFolder(account: TestAccount, name: string): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  chownSync(folder, account.uid, account.gid);
  chmodSync(folder, 0o700);
  return folder;
}

beforeAll(async () => {
  accounts = ensureTestAccounts();
  sandbox = await startSandbox({ rateLimit: { max: 1000, windowMs: 1000 }, clock: () => upstreamNow });
  const credential = sandbox.credentials.portal.find((c) => c.hasReportPermission);
  if (!credential) throw new Error('the sandbox has no portal tenant');
  env = { CONCILIA_TOKEN: credential.token, CONCILIA_API_KEY: credential.apiKey, CONCILIA_RATE_LIMIT: '1000/1000' };
  dir = mkdtempSync(join(tmpdir(), 'concilia-countersign-'));
  chmodSync(dir, 0o755);
  atA = ownFolder(accounts.preparer, 'preparer');
  atB = ownFolder(accounts.reviewer, 'reviewer');
  cacheA = join(atA, 'concilia.sqlite');
  cacheB = join(atB, 'concilia.sqlite');
  const added = await preparer(['source', 'add', 'acme', '--kind', 'portal', '--base-url', sandbox.url, '--tenant', credential.tenant, '--currency', credential.currency, '--tolerance-pct', '0.5']);
  expect(added.code, added.stderr).toBe(0);
  const synced = await preparer(['sync', 'acme', ...MONTH]);
  expect(synced.code, synced.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface ReconcileDoc {
  rows: { key: string; providerId: string; outOfTolerance: boolean; taskCount: number }[];
  findings: { key: string }[];
}

describe('a reviewer on another account, with nothing but files', () => {
  let workbookAtB: string;
  let countersignedAtA: string;
  let fingerprintOfB: string;

  it('the preparer reviews, signs and exports on A; the reviewer cannot read A’s cache', async () => {
    const reconciled = await preparer(['reconcile', 'acme', ...MONTH, '--json']);
    const doc = JSON.parse(reconciled.stdout) as ReconcileDoc;
    const keys = [...doc.rows.filter((r) => r.outOfTolerance).map((r) => r.key), ...doc.findings.map((f) => f.key)];
    expect(keys.length).toBeGreaterThan(0);
    const reviewed = await preparer(['review', 'acme', ...keys.flatMap((k) => ['--key', k]), '--state', 'explained', '--reason', 'timing', '--note', 'Invoiced in April; confirmed with the provider']);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    const signed = await preparer(['signoff', 'acme', ...MONTH, '--role', 'preparer']);
    expect(signed.code, signed.stderr).toBe(0);
    const exported = await preparer(['export', 'acme', ...MONTH, '--out', join(atA, 'acme-2025-03.xlsx')]);
    expect(exported.code, exported.stderr).toBe(0);

    // A's cache and key are A's alone; the reviewer's attempt to read the cache fails.
    expect(statSync(cacheA).mode & 0o077).toBe(0);
    expect(statSync(atA).mode & 0o777).toBe(0o700);
    const peek = await runAs(accounts.reviewer, accounts, process.execPath, ['-e', `require('node:fs').readFileSync(${JSON.stringify(cacheA)})`]);
    expect(peek.code).not.toBe(0);
    expect(peek.stderr).toContain('EACCES');

    workbookAtB = send(join(atA, 'acme-2025-03.xlsx'), accounts.reviewer, atB, 'acme-2025-03.xlsx');
  }, 120_000);

  it("refuses the preparer's own account countersigning, and a workbook with an edited figure", async () => {
    const own = await preparer(['countersign', join(atA, 'acme-2025-03.xlsx')]);
    expect(own.code).toBe(1);
    expect(own.stderr).toBe('concilia countersign: concilia-preparer prepared this range, so another account must review it. A countersignature by the preparer\'s own account is refused.\n');
    expect(existsSync(join(atA, 'acme-2025-03.countersigned.json'))).toBe(false);

    // The reviewer (or anyone on the way) changes one figure in Excel.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(workbookAtB);
    const rows = workbook.worksheets.find((s) => s.name === 'All rows');
    if (!rows) throw new Error('the workbook has no All rows sheet');
    let invoiced = 0;
    rows.getRow(1).eachCell((cell, col) => {
      if (cell.value === 'Invoiced') invoiced = col;
    });
    const cell = rows.getRow(2).getCell(invoiced);
    cell.value = Number(cell.value) + 1;
    const edited = join(atB, 'acme-2025-03-edited.xlsx');
    await workbook.xlsx.writeFile(edited);
    chownSync(edited, accounts.reviewer.uid, accounts.reviewer.gid);
    const refused = await reviewer(['countersign', edited]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^NOT VERIFIED: this workbook is not the one that was signed/);
    expect(refused.stderr).toBe(
      'concilia countersign: acme-2025-03-edited.xlsx is not the workbook the preparer signed: a figure, a signed review or a signature was changed since (concilia verify says which). Nothing was countersigned; ask the preparer to send the workbook again.\n',
    );
    expect(existsSync(join(atB, 'acme-2025-03-edited.countersigned.json'))).toBe(false);
  }, 120_000);

  it('the reviewer countersigns on B with no cache of the connection and no credentials', async () => {
    const me = await reviewer(['identity', '--json']);
    expect(me.code, me.stderr).toBe(0);
    fingerprintOfB = (JSON.parse(me.stdout) as { fingerprint: string }).fingerprint;
    const signed = await reviewer(['countersign', workbookAtB]);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toContain('Signed as preparer by concilia-preparer');
    const file = join(atB, 'acme-2025-03.countersigned.json');
    expect(signed.stdout).toContain(`Countersigned as reviewer by concilia-reviewer: ${file}`);
    expect(statSync(file).uid).toBe(accounts.reviewer.uid);
    const countersignature = JSON.parse(readFileSync(file, 'utf8')) as { reviewer: { accountId: string; fingerprint: string }; connection: string };
    expect(countersignature.reviewer).toMatchObject({ accountId: `posix:concilia-reviewer:${accounts.reviewer.uid}`, fingerprint: fingerprintOfB });
    // B's own cache knows nothing of the connection.
    const b = new BetterSqlite3(cacheB, { readonly: true });
    expect(b.prepare('SELECT count(*) AS n FROM connection').get()).toEqual({ n: 0 });
    b.close();
    countersignedAtA = send(file, accounts.preparer, atA, 'acme-2025-03.countersigned.json');
  }, 120_000);

  it('A refuses the unknown key until the preparer trusts its fingerprint; then the reviewer sign-off is live and everything verifies', async () => {
    const unknown = await preparer(['import-signoff', countersignedAtA]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('This countersignature is signed with a key this cache does not know: concilia-reviewer');
    expect(unknown.stderr).toContain(`To trust it: concilia import-signoff ${countersignedAtA} --trust-key ${fingerprintOfB}\n`);

    // Kept for the restatement below: A as it was before the import.
    expect((await preparer(['backup', join(atA, 'before-import.sqlite')])).code).toBe(0);

    const imported = await preparer(['import-signoff', countersignedAtA, '--trust-key', fingerprintOfB]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^Imported: concilia-reviewer signed off acme, March 1, 2025 to March 31, 2025 \(monthly\) as reviewer\./);
    const audit = await preparer(['audit', 'verify']);
    expect(audit.code, audit.stderr).toBe(0);
    const log = await preparer(['audit', 'log', 'acme', '--json']);
    const entries = JSON.parse(log.stdout) as { action: string; actor: string; signed: boolean }[];
    expect(entries.filter((e) => e.action === 'signoff.countersign')).toEqual([expect.objectContaining({ actor: `posix:concilia-reviewer:${accounts.reviewer.uid}`, signed: true })]);

    const final = join(atA, 'acme-2025-03-final.xlsx');
    const exported = await preparer(['export', 'acme', ...MONTH, '--out', final]);
    expect(exported.code, exported.stderr).toBe(0);
    const verified = await preparer(['verify', final, '--json']);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const result = JSON.parse(verified.stdout) as { verdict: string; signatures: { role: string; account: string; status: string; signatureValid: boolean; statementMatches: boolean }[] };
    expect(result.verdict).toBe('verified');
    expect(result.signatures.map((s) => [s.role, s.account, s.status, s.signatureValid, s.statementMatches])).toEqual([
      ['preparer', `posix:concilia-preparer:${accounts.preparer.uid}`, 'live', true, true],
      ['reviewer', `posix:concilia-reviewer:${accounts.reviewer.uid}`, 'live', true, true],
    ]);
    // The reviewer checks the final workbook too, on B, without A's cache.
    const atBFinal = send(final, accounts.reviewer, atB, 'acme-2025-03-final.xlsx');
    expect((await reviewer(['verify', atBFinal])).code).toBe(0);
    // The cover says it is signed off by both, and lists each signature with account and key.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(final);
    const cover: string[] = [];
    workbook.worksheets[0]?.eachRow((row) => row.eachCell((cell) => cover.push(typeof cell.value === 'string' ? cell.value : '')));
    const banner = cover.find((line) => line.startsWith('SIGNED OFF'));
    expect(banner).toMatch(/^SIGNED OFF — preparer concilia-preparer \(.* UTC\) · reviewer concilia-reviewer \(.* UTC\)$/);
    const line = cover.find((l) => l.startsWith('reviewer · concilia-reviewer'));
    expect(line).toMatch(new RegExp(`^reviewer · concilia-reviewer · posix:concilia-reviewer:${accounts.reviewer.uid} · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC · Key fingerprint ${fingerprintOfB} · live$`));
  }, 180_000);

  it('refuses a countersignature imported after a restatement voided the preparer’s sign-off, saying what changed', async () => {
    const restated = join(atA, 'before-import.sqlite');
    const doc = JSON.parse((await preparer(['reconcile', 'acme', ...MONTH, '--json'])).stdout) as ReconcileDoc;
    const target = doc.rows.find((r) => r.taskCount > 0);
    if (!target) throw new Error('no row with tasks');
    const tenant = sandbox.credentials.portal.find((c) => c.hasReportPermission)?.tenant ?? '';
    const day = restatePortalFigures(sandbox.dataset, { tenant, providerId: target.providerId, date: '2025-03-10', set: {} });
    restatePortalFigures(sandbox.dataset, { tenant, providerId: target.providerId, date: '2025-03-10', set: { providerMinor: day.providerMinor + 25_000_000 } });
    upstreamNow += 301_000;
    const sync = await concilia(accounts.preparer, restated, ['sync', 'acme', ...MONTH, '--force'], env);
    expect(sync.code, sync.stderr).toBe(0);
    const refused = await concilia(accounts.preparer, restated, ['import-signoff', countersignedAtA, '--trust-key', fingerprintOfB]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^concilia import-signoff: This countersignature is for concilia-preparer's sign-off, which no longer stands\. The figures changed after the preparer sign-off by concilia-preparer: Provider-reported for .*, March 2025 changed from [\d,]+\.\d\d to [\d,]+\.\d\d/);
    expect((await concilia(accounts.preparer, restated, ['audit', 'verify'])).code).toBe(0);
  }, 120_000);
});
