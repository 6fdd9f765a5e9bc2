/**
 * The controls an auditor accepts, on the command line, as two real accounts of this computer
 * (test/support/os-accounts.ts) sharing one cache: strict sign-off naming what is open,
 * explanations required, an audited tolerance, a what-if that never reaches a sign-off, a reviewer
 * who must be another account, a restatement that reopens a reviewed item with its history, and
 * `audit verify` naming a tampered signature or entry. Nothing typed or set in the environment
 * changes who signs.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restatePortalFigures, startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { ensureTestAccounts, runAs, sharedFolder, type RunAs, type TestAccount, type TestAccounts } from '../../support/os-accounts.ts';
import { CLI } from '../faults/support.ts';

const MONTH = ['--from', '2025-03-01', '--to', '2025-03-31', '--period', 'month'];
let accounts: TestAccounts;
let sandbox: Sandbox;
let dir: string;
let db: string;
let tenant: string;
let env: NodeJS.ProcessEnv;
/** The sandbox's clock: moved past the portal's 300 s answer cache before syncing a restatement. */
let upstreamNow = Date.now();

/** `concilia --db <shared cache> …` as an account. */
function concilia(who: TestAccount, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<RunAs> {
  return runAs(who, accounts, process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--db', db, ...args], { ...env, ...extra });
}

interface ReconcileDoc {
  rows: { key: string; providerId: string; providerName: string; outOfTolerance: boolean; providerReported: string; taskCount: number }[];
  findings: { key: string }[];
  tolerance: { abs: string; pct: string };
}

async function reconcileJson(who: TestAccount, extra: string[] = []): Promise<ReconcileDoc> {
  const run = await concilia(who, ['reconcile', 'acme', ...MONTH, '--json', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ReconcileDoc;
}

beforeAll(async () => {
  accounts = ensureTestAccounts();
  sandbox = await startSandbox({ rateLimit: { max: 1000, windowMs: 1000 }, clock: () => upstreamNow });
  const credential = sandbox.credentials.portal.find((c) => c.hasReportPermission);
  if (!credential) throw new Error('the sandbox has no portal tenant');
  tenant = credential.tenant;
  env = { CONCILIA_TOKEN: credential.token, CONCILIA_API_KEY: credential.apiKey, CONCILIA_RATE_LIMIT: '1000/1000' };
  dir = mkdtempSync(join(tmpdir(), 'concilia-two-accounts-'));
  db = join(sharedFolder(dir, accounts), 'concilia.sqlite');
  const { preparer } = accounts;
  const added = await concilia(preparer, ['source', 'add', 'acme', '--kind', 'portal', '--base-url', sandbox.url, '--tenant', tenant, '--currency', credential.currency, '--tolerance-pct', '0.5']);
  expect(added.code, added.stderr).toBe(0);
  const synced = await concilia(preparer, ['sync', 'acme', ...MONTH]);
  expect(synced.code, synced.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('month-end on the command line, as two accounts of this computer', () => {
  it('shares the cache with the team group only, and keeps each signing key to its own account', async () => {
    expect(statSync(db).mode & 0o777).toBe(0o660);
    expect(statSync(db).gid).toBe(accounts.teamGid);
    const me = await concilia(accounts.preparer, ['identity', '--json']);
    expect(JSON.parse(me.stdout)).toMatchObject({ accountId: `posix:concilia-preparer:${accounts.preparer.uid}`, displayName: 'concilia-preparer' });
    // Said in words, with the exact id beside it, in the system's language.
    const said = await concilia(accounts.preparer, ['identity'], { LC_ALL: 'en_US.UTF-8' });
    expect(said.stdout.split('\n')[0]).toBe(
      `You are concilia-preparer: Account concilia-preparer on this computer (user number ${accounts.preparer.uid}) — account id posix:concilia-preparer:${accounts.preparer.uid}. What you change is signed with your key.`,
    );
    const dicho = await concilia(accounts.preparer, ['identity'], { LC_ALL: 'es_ES.UTF-8' });
    expect(dicho.stdout.split('\n')[0]).toBe(
      `Usted es concilia-preparer: Cuenta concilia-preparer en este equipo (usuario número ${accounts.preparer.uid}) — id de cuenta posix:concilia-preparer:${accounts.preparer.uid}. Lo que cambie se firma con su clave.`,
    );
    const key = join(accounts.preparer.home, '.config', 'concilia', 'keys', 'ed25519.pem');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(key).uid).toBe(accounts.preparer.uid);
  });

  it('refuses an explanation without a reason or a note, one at a time and in bulk', async () => {
    const doc = await reconcileJson(accounts.preparer);
    const [first, second] = doc.rows.filter((r) => r.outOfTolerance);
    const noReason = await concilia(accounts.preparer, ['review', 'acme', '--key', first?.key ?? '', '--state', 'explained', '--note', 'credit note']);
    expect([noReason.code, noReason.stderr]).toEqual([1, 'concilia review: Explained needs a reason: say why (timing, pricing, rejected_work, duplicate, upstream_error, other).\n']);
    const noNote = await concilia(accounts.preparer, ['review', 'acme', '--key', first?.key ?? '', '--key', second?.key ?? '', '--state', 'carried_forward', '--reason', 'timing']);
    expect(noNote.code).toBe(1);
    expect(noNote.stderr).toMatch(/Carried forward needs a note/);
    const log = await concilia(accounts.preparer, ['audit', 'log', '--json']);
    expect((JSON.parse(log.stdout) as { action: string }[]).filter((e) => e.action === 'review.set')).toEqual([]);
  });

  it('refuses the preparer while items are open, naming how many; an audited tolerance, and a what-if that never reaches the sign-off', async () => {
    const { preparer } = accounts;
    const doc = await reconcileJson(preparer);
    const open = doc.rows.filter((r) => r.outOfTolerance);
    expect(open.length).toBeGreaterThan(2);
    const refused = await concilia(preparer, ['signoff', 'acme', ...MONTH, '--role', 'preparer']);
    expect(refused.code).toBe(1);
    const findings = doc.findings.length;
    expect(refused.stderr).toContain(`${open.length} out-of-tolerance discrepancies`);
    if (findings > 0) expect(refused.stderr).toContain(`${findings} finding`);
    expect(refused.stderr).toMatch(/still open\. Explain, resolve or carry forward each one, then sign off\./);

    // A saved tolerance change is audited, old -> new.
    const saved = await concilia(preparer, ['tolerance', 'acme', '--abs', '1000']);
    expect(saved.stdout).toMatch(/is now 1,000\.00 .* or 0\.5 % \(it was 0\.00 .* or 0\.5 %\); the change is in the audit log/);
    // A what-if on the command line that would put everything within tolerance changes nothing saved.
    const whatIf = await reconcileJson(preparer, ['--tolerance-abs', '999999999']);
    expect(whatIf.rows.some((r) => r.outOfTolerance)).toBe(false);
    const still = await reconcileJson(preparer);
    expect(still.tolerance).toEqual({ abs: '1000.00', pct: '0.5' });

    // Review every open item (one carried forward), then the preparer signs.
    const keys = [...still.rows.filter((r) => r.outOfTolerance).map((r) => r.key), ...still.findings.map((f) => f.key)];
    const [carried, ...rest] = keys;
    const bulk = await concilia(preparer, ['review', 'acme', ...rest.flatMap((k) => ['--key', k]), '--state', 'explained', '--reason', 'timing', '--note', 'Invoiced in April; confirmed with the provider']);
    expect(bulk.code, bulk.stderr).toBe(0);
    expect(bulk.stdout).toContain(`${rest.length} review change(s), each signed and recorded in the audit log:`);
    expect(bulk.stdout).not.toMatch(/P\|/);
    expect((await concilia(preparer, ['review', 'acme', '--key', carried ?? '', '--state', 'carried_forward', '--reason', 'pricing', '--note', 'Rate dispute: settled in April'])).code).toBe(0);
    const signed = await concilia(preparer, ['signoff', 'acme', ...MONTH, '--role', 'preparer', '--json']);
    expect(signed.code, signed.stderr).toBe(0);
    const signoff = JSON.parse(signed.stdout) as { accountId: string; signed: boolean; attested: { tolerance: { abs: string; pct: string }; tally: Record<string, Record<string, number>> } };
    expect(signoff).toMatchObject({ accountId: `posix:concilia-preparer:${accounts.preparer.uid}`, signed: true });
    // The saved tolerance, not the what-if.
    expect(signoff.attested.tolerance).toMatchObject({ abs: '1000.00', pct: '0.5' });
    const settled = Object.values(signoff.attested.tally).reduce((n, byState) => n + (byState.explained ?? 0) + (byState.carried_forward ?? 0), 0);
    expect(settled).toBe(keys.length);
    expect(Object.values(signoff.attested.tally).reduce((n, byState) => n + (byState.open ?? 0), 0)).toBe(0);
  });

  it('refuses the reviewer under the preparer account, whatever the environment says, and accepts another account', async () => {
    const { preparer, reviewer } = accounts;
    const impostor = await concilia(preparer, ['signoff', 'acme', ...MONTH, '--role', 'reviewer'], { USER: reviewer.name, LOGNAME: reviewer.name, CONCILIA_AUTHOR: 'concilia-reviewer' });
    expect(impostor.code).toBe(1);
    expect(impostor.stderr).toBe('concilia signoff: concilia-preparer prepared this range, so another account must review it.\n');
    expect((await concilia(preparer, ['signoff', 'acme', ...MONTH, '--role', 'reviewer', '--author', 'concilia-reviewer'])).code).toBe(2);
    const countersigned = await concilia(reviewer, ['signoff', 'acme', ...MONTH, '--role', 'reviewer']);
    expect(countersigned.code, countersigned.stderr).toBe(0);
    expect(countersigned.stdout).toMatch(/Signed off acme, March 1, 2025 to March 31, 2025 \(monthly\) as reviewer: concilia-reviewer\./);
    const verified = await concilia(reviewer, ['audit', 'verify']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/The audit log is intact: \d+ entries, every hash verified, \d+ signatures checked\./);
    const accountsList = await concilia(reviewer, ['identity', 'accounts', '--json']);
    expect((JSON.parse(accountsList.stdout) as { id: string }[]).map((a) => a.id)).toEqual([
      `posix:concilia-preparer:${preparer.uid}`,
      `posix:concilia-reviewer:${reviewer.uid}`,
    ]);
  });

  it('a restatement upstream reopens the reviewed item with old -> new, voids both sign-offs, and the history says it, in Spanish too', async () => {
    const { preparer, reviewer } = accounts;
    const before = await reconcileJson(preparer);
    const target = before.rows.find((r) => r.outOfTolerance && r.taskCount > 0);
    expect(target).toBeDefined();
    const day = restatePortalFigures(sandbox.dataset, { tenant, providerId: target?.providerId ?? '', date: '2025-03-10', set: {} });
    restatePortalFigures(sandbox.dataset, { tenant, providerId: target?.providerId ?? '', date: '2025-03-10', set: { providerMinor: day.providerMinor + 25_000_000 } });
    upstreamNow += 301_000;
    const sync = await concilia(preparer, ['sync', 'acme', ...MONTH, '--force']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout, sync.stdout).toMatch(/1 reviewed item\(s\) reopened/);
    expect(sync.stdout).toMatch(/2 sign-off\(s\) voided/);

    const history = await concilia(reviewer, ['review', 'history', 'acme', '--key', target?.key ?? '']);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain(`Review history of ${target?.providerName ?? ''}, March 2025:`);
    expect(history.stdout).toMatch(/Marked .*, March 2025 as (explained|carried forward)/);
    expect(history.stdout).toMatch(new RegExp(`Reopened .*, March 2025 because its figures changed: Provider-reported for .*, March 2025 changed from [\\d,]+\\.\\d\\d to [\\d,]+\\.\\d\\d\\.`));
    expect(history.stdout).not.toMatch(/P\||provider_reported|providerReported/);

    const spanish = await concilia(reviewer, ['review', 'history', 'acme', '--key', target?.key ?? ''], { LANG: 'es_CO.UTF-8' });
    expect(spanish.stdout).toContain(`Historial de revisión de ${target?.providerName ?? ''}, marzo de 2025:`);
    expect(spanish.stdout).toMatch(/Reabrió .* porque sus cifras cambiaron: Informado por el proveedor de .*, marzo de 2025 cambió de [\d.]+,\d\d a [\d.]+,\d\d\./);
    const log = await concilia(reviewer, ['audit', 'log', 'acme'], { LC_ALL: 'es_ES.UTF-8' });
    expect(log.stdout).toMatch(/Anuló la aprobación de preparador de concilia-preparer/);
    expect(log.stdout).toMatch(/Cambió la tolerancia guardada de 0,00 .* o 0,5 % a 1\.000,00 .* o 0,5 %\./);

    // The reopened item is open again: the preparer is refused until it is reviewed anew.
    const refused = await concilia(preparer, ['signoff', 'acme', ...MONTH, '--role', 'preparer']);
    expect(refused.stderr).toMatch(/1 out-of-tolerance discrepancy still open/);
  });

  it('audit verify names a tampered signature and a tampered entry', async () => {
    const pristine = join(dir, 'pristine.sqlite');
    const tamper = (sql: string): void => {
      const raw = new BetterSqlite3(db);
      raw.exec('PRAGMA wal_checkpoint(TRUNCATE); DROP TRIGGER IF EXISTS audit_log_no_update;');
      raw.exec(sql);
      raw.exec("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
      raw.close();
    };
    {
      const raw = new BetterSqlite3(db);
      raw.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      raw.close();
    }
    copyFileSync(db, pristine);
    const signoffSeq = (() => {
      const raw = new BetterSqlite3(db, { readonly: true });
      const seq = raw.prepare<[], { seq: number }>("SELECT seq FROM audit_log WHERE action = 'signoff.sign' ORDER BY seq LIMIT 1").get()?.seq ?? 0;
      raw.close();
      return seq;
    })();
    // A signature whose first characters were changed.
    tamper(`UPDATE audit_log SET signature = CASE WHEN substr(signature, 1, 1) = 'A' THEN 'B' ELSE 'A' END || substr(signature, 2) WHERE seq = ${signoffSeq}`);
    const badSignature = await concilia(accounts.reviewer, ['audit', 'verify']);
    expect(badSignature.code).toBe(1);
    expect(badSignature.stderr).toBe(
      `concilia audit: The audit log has been altered at entry #${signoffSeq}: its signature does not match what it says (the signature was changed). Restore the cache from a backup and keep this copy for investigation.\n`,
    );
    // What a sign-off says, changed.
    copyFileSync(pristine, db);
    tamper(`UPDATE audit_log SET payload_json = replace(payload_json, '"role":"preparer"', '"role":"reviewer"') WHERE seq = ${signoffSeq}`);
    const badEntry = await concilia(accounts.preparer, ['audit', 'verify'], { LANG: 'es_CO.UTF-8' });
    expect(badEntry.code).toBe(1);
    expect(badEntry.stderr).toContain(`El registro fue alterado en la entrada #${signoffSeq}: lo que dice ya no corresponde a su hash (la entrada fue modificada).`);
    copyFileSync(pristine, db);
    expect((await concilia(accounts.preparer, ['audit', 'verify'])).code).toBe(0);
  });
});
