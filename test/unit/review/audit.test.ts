import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../../../electron/core/cache/index.ts';
import { appendAudit, listAuditLog, setReview, verifyAuditChain } from '../../../electron/core/review/index.ts';
import { addConnection, NOW, tempCache, withStore, type TempCache } from '../reconcile/fixtures.ts';

let cache: TempCache;
let t = NOW;
const clock = (): number => t;

beforeEach(() => {
  cache = tempCache();
  addConnection(cache.db, { name: 'acme', kind: 'portal' });
  t = NOW;
  for (let i = 1; i <= 5; i++) {
    t += 1000;
    setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: [`P|${i}|2026-01-01`], state: 'explained', reason: 'other', note: `note ${i}`, author: 'ana' });
  }
});
afterEach(() => cache.cleanup());

/** Tamper behind Concilia's back: a second connection to the file, triggers dropped. */
function tamper(sql: string, ...params: unknown[]): void {
  cache.db.close();
  const raw = new BetterSqlite3(cache.path);
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  raw.prepare(sql).run(...params);
  raw.close();
  cache.db = openCache(cache.path);
}

describe('the audit log', () => {
  it('verifies when untouched, entry by entry', () => {
    expect(verifyAuditChain(cache.db)).toEqual({ ok: true, entries: 5, message: 'The audit log is intact: 5 entries, every hash verified.' });
    const log = listAuditLog(cache.db);
    expect(log[0]?.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < log.length; i++) expect(log[i]?.prevHash).toBe(log[i - 1]?.hash);
  });

  it('refuses ordinary updates and deletes', () => {
    expect(() => cache.db.prepare("UPDATE audit_log SET actor = 'eve' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => cache.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
  });

  it('detects a payload altered in the database file and names the entry', () => {
    tamper("UPDATE audit_log SET payload_json = replace(payload_json, 'note 3', 'note X') WHERE seq = 3");
    const v = verifyAuditChain(cache.db);
    expect(v).toMatchObject({ ok: false, firstBadSeq: 3, entries: 2 });
    expect(v.message).toMatch(/entry #3/);
  });

  it('detects a deleted entry', () => {
    tamper('DELETE FROM audit_log WHERE seq = 2');
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('detects entries swapped in order', () => {
    tamper(`UPDATE audit_log SET payload_json = CASE seq WHEN 2 THEN (SELECT payload_json FROM audit_log WHERE seq = 4)
      ELSE (SELECT payload_json FROM audit_log WHERE seq = 2) END, subject = CASE seq WHEN 2 THEN 'P|4|2026-01-01' ELSE 'P|2|2026-01-01' END WHERE seq IN (2, 4)`);
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('detects a rewritten entry even when its own hash was recomputed', () => {
    // Rewriting one row and its hash breaks the next row's link.
    tamper("UPDATE audit_log SET actor = 'eve', hash = 'f' || substr(hash, 2) WHERE seq = 4");
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('detects the last entries removed', () => {
    tamper('DELETE FROM audit_log WHERE seq >= 4');
    const v = verifyAuditChain(cache.db);
    expect(v).toMatchObject({ ok: false, entries: 3, firstBadSeq: 4 });
    expect(v.message).toMatch(/removed from the end/);
  });

  it('appends arbitrary entries with a canonical payload', () => {
    const e = appendAudit(cache.db, clock, { actor: 'ana', action: 'export.write', payload: { b: 1, a: [1, 'x'] } });
    expect(e.seq).toBe(6);
    expect(cache.db.prepare('SELECT payload_json FROM audit_log WHERE seq = 6').get()).toEqual({ payload_json: '{"a":[1,"x"],"b":1}' });
    expect(verifyAuditChain(cache.db).ok).toBe(true);
    expect(listAuditLog(cache.db, { from: '2026-03-15', to: '2026-03-15' })).toHaveLength(6);
    expect(listAuditLog(cache.db, { to: '2026-03-14' })).toHaveLength(0);
  });
});
