import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../../../electron/core/cache/index.ts';
import { appendAudit, listAuditLog, setReview, signedText, verifyAuditChain } from '../../../electron/core/review/index.ts';
import { entryHash, type AuditRow } from '../../../electron/core/review/audit.ts';
import { testIdentity } from '../../support/identity.ts';
import { addConnection, NOW, tempCache, withStore, type TempCache } from '../reconcile/fixtures.ts';

let cache: TempCache;
let t = NOW;
const clock = (): number => t;
const ana = testIdentity('ana');

beforeEach(() => {
  cache = tempCache();
  addConnection(cache.db, { name: 'acme', kind: 'portal' });
  t = NOW;
  for (let i = 1; i <= 5; i++) {
    t += 1000;
    setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: [`P|${i}|2026-01-01`], state: 'explained', reason: 'other', note: `note ${i}` });
  }
});
afterEach(() => cache.cleanup());

/** Tamper behind Concilia's back: a second connection to the file, triggers dropped. */
function tamper(edit: (raw: BetterSqlite3.Database) => void): void {
  cache.db.close();
  const raw = new BetterSqlite3(cache.path);
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  edit(raw);
  raw.close();
  cache.db = openCache(cache.path);
}

const sql = (text: string) => (raw: BetterSqlite3.Database) => raw.prepare(text).run();


/** What someone who can write the file and knows the chain's formula can do: rewrite every hash from a row on. */
function rechain(raw: BetterSqlite3.Database): void {
  let prev = '0'.repeat(64);
  for (const row of raw.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').all()) {
    const hash = entryHash(prev, row);
    raw.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
    prev = hash;
  }
  const last = raw.prepare<[], { seq: number }>('SELECT max(seq) AS seq FROM audit_log').get();
  raw.prepare("UPDATE app_setting SET value = ? WHERE key = 'audit_log.head'").run(JSON.stringify({ seq: last?.seq, hash: prev }));
}

describe('the audit log', () => {
  it('verifies when untouched: every hash and every signature', () => {
    // Entry 1 registers ana's key; 2 to 6 are her reviews.
    expect(verifyAuditChain(cache.db)).toEqual({ ok: true, entries: 6, signed: 6, message: 'The audit log is intact: 6 entries, every hash verified, 6 signatures checked.' });
    const log = listAuditLog(cache.db);
    expect(log[0]).toMatchObject({ action: 'identity.register', actor: 'test:ana', keyFingerprint: ana.fingerprint });
    expect(log[0]?.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < log.length; i++) expect(log[i]?.prevHash).toBe(log[i - 1]?.hash);
    expect(log.every((e) => e.signed && e.signature !== null)).toBe(true);
  });

  it('refuses ordinary updates and deletes', () => {
    expect(() => cache.db.prepare("UPDATE audit_log SET actor = 'eve' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => cache.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
  });

  it('names an entry whose contents were altered', () => {
    tamper(sql("UPDATE audit_log SET payload_json = replace(payload_json, 'note 3', 'note X') WHERE seq = 4"));
    const v = verifyAuditChain(cache.db);
    expect(v).toMatchObject({ ok: false, firstBadSeq: 4, entries: 3, problem: 'entry' });
    expect(v.message).toMatch(/entry #4: its contents no longer match its hash/);
  });

  it('names an entry whose signature was altered', () => {
    tamper((raw) => {
      const sig = Buffer.from(raw.prepare<[], { signature: string }>('SELECT signature FROM audit_log WHERE seq = 3').get()?.signature ?? '', 'base64');
      sig[10] = (sig[10] ?? 0) ^ 1;
      raw.prepare('UPDATE audit_log SET signature = ? WHERE seq = 3').run(sig.toString('base64'));
    });
    const v = verifyAuditChain(cache.db);
    expect(v).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'signature' });
    expect(v.message).toMatch(/entry #3: its signature does not match what it says/);
  });

  it('catches an entry rewritten with the whole chain recomputed: the signature no longer fits', () => {
    tamper((raw) => {
      raw.prepare("UPDATE audit_log SET payload_json = replace(payload_json, 'note 2', 'nothing to see') WHERE seq = 3").run();
      rechain(raw);
    });
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'signature' });
  });

  it('names an entry signed with a key the log never registered for its account', () => {
    // Eve writes an entry in ana's name, signed with her own key, and rechains the log.
    const eve = testIdentity('eve');
    tamper((raw) => {
      const row = raw.prepare<[], AuditRow>('SELECT * FROM audit_log WHERE seq = 6').get() as AuditRow;
      const forged = { ...row, payload_json: row.payload_json.replace('note 5', 'approved by ana'), key_fingerprint: eve.fingerprint };
      const signature = eve.sign(Buffer.from(signedText(forged), 'utf8'));
      raw.prepare('UPDATE audit_log SET payload_json = ?, key_fingerprint = ?, signature = ? WHERE seq = 6').run(forged.payload_json, eve.fingerprint, signature);
      rechain(raw);
    });
    const v = verifyAuditChain(cache.db);
    expect(v).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'unknown_key' });
    expect(v.message).toMatch(/a key the log never registered for its account/);
  });

  it('names an entry written since signatures began that carries none', () => {
    tamper((raw) => {
      raw.prepare('UPDATE audit_log SET key_fingerprint = NULL, signature = NULL WHERE seq = 5').run();
      rechain(raw);
    });
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'unsigned' });
  });

  it('detects a deleted entry', () => {
    tamper(sql('DELETE FROM audit_log WHERE seq = 2'));
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'missing' });
  });

  it('detects entries swapped in order', () => {
    tamper(
      sql(`UPDATE audit_log SET payload_json = CASE seq WHEN 3 THEN (SELECT payload_json FROM audit_log WHERE seq = 5)
      ELSE (SELECT payload_json FROM audit_log WHERE seq = 3) END, subject = CASE seq WHEN 3 THEN 'P|4|2026-01-01' ELSE 'P|2|2026-01-01' END WHERE seq IN (3, 5)`),
    );
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('detects a rewritten entry even when its own hash was recomputed', () => {
    // Rewriting one row and its hash breaks the next row's link.
    tamper(sql("UPDATE audit_log SET actor = 'eve', hash = 'f' || substr(hash, 2) WHERE seq = 4"));
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('detects the last entries removed', () => {
    tamper(sql('DELETE FROM audit_log WHERE seq >= 4'));
    const v = verifyAuditChain(cache.db);
    expect(v).toMatchObject({ ok: false, entries: 3, firstBadSeq: 4, problem: 'head' });
    expect(v.message).toMatch(/removed from the end/);
  });

  it('appends arbitrary entries with a canonical payload, signed', () => {
    const e = appendAudit(cache.db, clock, ana, { action: 'export.write', payload: { b: 1, a: [1, 'x'] } });
    expect(e).toMatchObject({ seq: 7, actor: 'test:ana', signed: true });
    expect(cache.db.prepare('SELECT payload_json FROM audit_log WHERE seq = 7').get()).toEqual({ payload_json: '{"a":[1,"x"],"b":1}' });
    expect(verifyAuditChain(cache.db).ok).toBe(true);
    expect(listAuditLog(cache.db, { from: '2026-03-15', to: '2026-03-15' })).toHaveLength(7);
    expect(listAuditLog(cache.db, { to: '2026-03-14' })).toHaveLength(0);
  });
});
