/**
 * Countersigning away from the cache, in one process: the preparer signs in a real cache; the
 * reviewer (another identity, no cache) countersigns what the preparer's workbook shows; the
 * import checks the file against the cache. The two-account, two-cache run over the command line
 * is test/integration/controls/countersign-two-caches.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeProblem } from '../../../electron/core/language/index.ts';
import { listAuditLog, setReview, verifyAuditChain, type ReviewError } from '../../../electron/core/review/index.ts';
import {
  checkCountersignature,
  countersign,
  countersignatureText,
  importSignoff,
  signOff,
  makeCountersignature,
  type CountersignedSignoff,
} from '../../../electron/core/signoff/index.ts';
import type { Signoff } from '../../../electron/core/review/types.ts';
import { testIdentity } from '../../support/identity.ts';
import { addConnection, addGrandTotal, addPortalRow, addRestatement, addWindow, NOW, tempCache, withStore, type TempCache } from '../reconcile/fixtures.ts';

let cache: TempCache;
let conn: number;
let t = NOW;
const clock = (): number => t;
const ana = testIdentity('ana');
const ben = testIdentity('ben');
const carl = testIdentity('carl');
const as = (identity = ana) => withStore(cache.db, clock, identity);
const range = { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month' as const };
const file = { file: 'acme-2026-01.countersigned.json', fileSha256: 'f'.repeat(64) };

beforeEach(() => {
  cache = tempCache();
  t = NOW;
  conn = addConnection(cache.db, { name: 'acme', kind: 'portal' });
  const jan = addWindow(cache.db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(cache.db, jan, { providerId: '1', providerName: 'Rutas Andinas', invoiced: 100_000, provider: 100_000 });
  addPortalRow(cache.db, jan, { providerId: '2', providerName: 'Transportes Beta', invoiced: 200_000, provider: 250_000 });
  addGrandTotal(cache.db, jan);
  setReview(as(), { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'explained', reason: 'timing', note: 'Credit note in February' });
});
afterEach(() => cache.cleanup());

/** What the preparer's verified workbook tells the reviewer about the sign-off (the workbook carries the signed entry). */
function shownInWorkbook(p: Signoff): CountersignedSignoff {
  const entry = listAuditLog(cache.db).find((e) => e.action === 'signoff.sign' && e.subject === `signoff:${p.id}`);
  const attested = (entry?.payload as { attested: CountersignedSignoff['attested'] }).attested;
  return {
    connection: p.connection,
    from: p.from,
    to: p.to,
    period: p.period,
    statementHash: p.dataHash,
    figuresHash: p.figuresHash,
    workbook: { file: 'acme-2026-01.xlsx', sha256: 'a'.repeat(64) },
    preparer: { accountId: p.accountId, displayName: p.author, fingerprint: ana.fingerprint, signedAt: p.signedAt },
    attested,
  };
}

function refusal(f: () => unknown): ReviewError {
  try {
    f();
  } catch (error) {
    return error as ReviewError;
  }
  throw new Error('expected a refusal');
}

async function signedAndCountersigned(reviewer = ben): Promise<{ p: Signoff; text: string }> {
  const p = await signOff(as(), { ...range, role: 'preparer' });
  t += 86_400_000;
  return { p, text: countersignatureText(countersign(shownInWorkbook(p), reviewer, clock, 'en')) };
}

describe('a countersignature made away from the cache', () => {
  it('becomes the live reviewer sign-off, signed by the reviewer in the audit log, once the preparer trusts the key', async () => {
    const { p, text } = await signedAndCountersigned();
    const parsed = JSON.parse(text) as { format: string; says: string; reviewer: { accountId: string; fingerprint: string }; statementHash: string };
    expect(parsed).toMatchObject({ format: 'concilia-countersignature/1', reviewer: { accountId: 'test:ben', fingerprint: ben.fingerprint }, statementHash: p.dataHash });
    expect(parsed.says).toBe("ben countersigned, as reviewer, ana's sign-off of acme, January 1, 2026 to January 31, 2026 (monthly) on March 16, 2026 at 12:00 PM. The preparer imports this file with \"concilia import-signoff\" or File → Import a countersignature in Concilia.");

    t += 3_600_000;
    const imported = importSignoff(as(ana), text, { ...file, trustKey: ben.fingerprint });
    expect(imported).toMatchObject({ role: 'reviewer', author: 'ben', accountId: 'test:ben', signed: true, status: 'live', dataHash: p.dataHash, signedAt: '2026-03-16T12:00:00.000Z' });
    const log = listAuditLog(cache.db).slice(-3);
    expect(log.map((e) => [e.action, e.actor, e.signed])).toEqual([
      ['identity.register', 'test:ben', true],
      ['signoff.countersign', 'test:ben', true],
      ['signoff.import', 'test:ana', true],
    ]);
    expect(log[1]?.at).toBe('2026-03-16T12:00:00.000Z');
    expect(log[2]?.payload).toMatchObject({ signoffId: imported.id, preparerSignoffId: p.id, fileSha256: file.fileSha256, reviewer: 'test:ben' });
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: true, entries: 6, signed: 6 });
    expect(as().reviews.account('test:ben')?.keys.map((k) => k.fingerprint)).toEqual([ben.fingerprint]);
    // The same file again: the range has its reviewer.
    expect(refusal(() => importSignoff(as(ana), text, file))).toMatchObject({ kind: 'conflict', problem: { code: 'already_signed', author: 'ben' } });
  });

  it('refuses a key the cache does not know until the preparer trusts its fingerprint, in words, in both languages', async () => {
    const { text } = await signedAndCountersigned();
    const check = checkCountersignature(as(ana), text, file);
    expect(check.unknownKey).toBe(true);
    const refused = refusal(() => importSignoff(as(ana), text, file));
    expect(refused.problem).toMatchObject({ code: 'countersign_unknown_key', reviewer: 'ben', account: 'test:ben', fingerprint: ben.fingerprint });
    expect(refused.message).toContain(`This countersignature is signed with a key this cache does not know: ben (test:ben), key fingerprint ${ben.fingerprint.slice(0, 4)} ${ben.fingerprint.slice(4, 8)}`);
    expect(describeProblem(refused.problem ?? { code: 'needs_preparer' }, 'es')).toContain('Este refrendo está firmado con una clave que esta caché no conoce');
    // A wrong fingerprint is no trust at all.
    expect(refusal(() => importSignoff(as(ana), text, { ...file, trustKey: carl.fingerprint })).problem).toMatchObject({ code: 'countersign_unknown_key' });
    expect(listAuditLog(cache.db).some((e) => e.actor === 'test:ben')).toBe(false);
  });

  it("refuses the preparer's own account, on the reviewer's side and on import", async () => {
    const p = await signOff(as(), { ...range, role: 'preparer' });
    expect(refusal(() => countersign(shownInWorkbook(p), ana, clock, 'en'))).toMatchObject({ kind: 'rejected', problem: { code: 'countersign_own_account', name: 'ana' } });
    // The preparer's account with another key (a second laptop) is still the preparer.
    expect(refusal(() => countersign(shownInWorkbook(p), { ...carl, accountId: ana.accountId }, clock, 'en')).problem).toMatchObject({ code: 'countersign_own_account' });
    // A file made by hand: the preparer's key under another account name.
    const crafted = countersignatureText(makeCountersignature(shownInWorkbook(p), { ...ana, accountId: 'test:not-ana' }, new Date(t).toISOString(), ''));
    expect(refusal(() => importSignoff(as(ana), crafted, { ...file, trustKey: ana.fingerprint })).problem).toMatchObject({ code: 'countersign_own_account', name: 'ana' });
    expect(listAuditLog(cache.db).filter((e) => e.action === 'signoff.countersign')).toEqual([]);
  });

  it('refuses a file edited after it was signed, and one that is not a countersignature', async () => {
    const { text } = await signedAndCountersigned();
    const edited = text.replace('"to": "2026-01-31"', '"to": "2026-01-30"');
    expect(edited).not.toBe(text);
    const refused = refusal(() => importSignoff(as(ana), edited, { ...file, trustKey: ben.fingerprint }));
    expect(refused.problem).toMatchObject({ code: 'countersign_bad_signature', reviewer: 'ben' });
    expect(refused.message).toBe('The signature in this countersignature does not match what it says: it was edited after ben signed it, or it was not signed by the key it names. It is not imported.');
    // Another key put in place of the reviewer's, fingerprint and all.
    const swapped = JSON.parse(text) as { reviewer: { publicKey: string; fingerprint: string } };
    swapped.reviewer.publicKey = carl.publicKey;
    swapped.reviewer.fingerprint = carl.fingerprint;
    expect(refusal(() => importSignoff(as(ana), JSON.stringify(swapped), { ...file, trustKey: carl.fingerprint })).problem).toMatchObject({ code: 'countersign_bad_signature' });
    expect(refusal(() => importSignoff(as(ana), '{"format":"something else"}', file))).toMatchObject({ kind: 'invalid_input', problem: { code: 'countersign_unreadable', file: file.file } });
    expect(refusal(() => importSignoff(as(ana), 'PK\u0003\u0004…', file)).problem).toMatchObject({ code: 'countersign_unreadable' });
  });

  it('refuses a countersignature imported after a restatement, saying what changed', async () => {
    const { text } = await signedAndCountersigned();
    // The upstream restates a figure and the cache takes it (the sync would void the sign-off itself).
    cache.db.prepare("UPDATE portal_row SET provider_minor = 260000 WHERE connection_id = ? AND provider_id = '2'").run(conn);
    cache.db.prepare('UPDATE portal_grand_total SET provider_minor = provider_minor + 10000').run();
    addRestatement(cache.db, conn, { entity: 'portal_row', key: 'P|2|2026-01-01', periodStart: '2026-01-01', field: 'provider_reported', oldValue: '2500.00', newValue: '2600.00' });
    const refused = refusal(() => importSignoff(as(ana), text, { ...file, trustKey: ben.fingerprint }));
    expect(refused.problem).toMatchObject({ code: 'countersign_figures_changed', preparer: 'ana' });
    expect(refused.message).toMatch(/^This countersignature is for ana's sign-off, which no longer stands\. The figures changed after the preparer sign-off by ana: Provider-reported for Transportes Beta, January 2026 changed from 2,500\.00 to 2,600\.00.* Sign the range again and send the new workbook to the reviewer\.$/);
    expect(as().reviews.signoffs({ id: conn, name: 'acme' }).filter((s) => s.status === 'live')).toEqual([]);
    expect(verifyAuditChain(cache.db).ok).toBe(true);
  });

  it('refuses a countersignature of another range, and one of a statement the preparer replaced', async () => {
    const { p, text } = await signedAndCountersigned();
    const other = countersignatureText(countersign({ ...shownInWorkbook(p), from: '2026-01-01', to: '2026-01-15', period: 'range' }, ben, clock, 'en'));
    expect(refusal(() => importSignoff(as(ana), other, { ...file, trustKey: ben.fingerprint })).message).toBe(
      'This cache has no preparer sign-off of acme, January 1, 2026 to January 15, 2026 (whole range), so this countersignature is for another range or another cache. Nothing was imported.',
    );
    // The preparer changes a review and signs again: the countersigned statement is no longer the one signed.
    setReview(as(), { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'resolved', reason: 'timing', note: 'Credit note received' });
    await signOff(as(), { ...range, role: 'preparer' });
    expect(refusal(() => importSignoff(as(ana), text, { ...file, trustKey: ben.fingerprint })).problem).toMatchObject({ code: 'countersign_not_signed_here', preparer: 'ana' });
  });

  it('refuses a key the cache knows for another account', async () => {
    const p = await signOff(as(), { ...range, role: 'preparer' });
    // carl's key is known here (carl reviewed an item in this cache); a file naming ben, signed with carl's key.
    setReview(as(carl), { connection: 'acme', itemKeys: ['P|1|2026-01-01'], state: 'open' });
    const forged = countersignatureText(countersign(shownInWorkbook(p), { ...carl, accountId: 'test:ben', displayName: 'ben' }, clock, 'en'));
    expect(refusal(() => importSignoff(as(ana), forged, file)).problem).toMatchObject({ code: 'countersign_key_other_account', owner: 'carl' });
  });
});
