/**
 * The SQLite store's append-only audit log: hash-chained and signed.
 *
 * - The chain: each entry's hash covers the previous entry's hash and the entry's own fields (seq
 *   included), so an edited, deleted or reordered row breaks the chain from that row on; the head
 *   marker in app_setting catches a truncated tail. Triggers stop ordinary UPDATE/DELETE.
 * - The signatures: each entry written since identities (migration 0005) is signed with the
 *   Ed25519 key of the account that made it, over `signedText` (what the entry says, without its
 *   place in the chain, so a team store can sign before a server orders it). The keys themselves
 *   are registered by entries of the log ('identity.register', signed by the key registered), so
 *   verification trusts the log alone: a chain rewritten whole by someone with the cache file can
 *   drop entries or signatures, but cannot make an entry say what its account did not sign.
 * The chain hash covers the key's fingerprint but not the signature, so an altered signature is
 * named as such rather than as an altered entry.
 */
import { readSetting, writeSetting, type ReadableDB, type WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { fingerprintOf, verifySignature, type Identity } from '../identity/identity.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import type { Account, AuditEntry, AuditEntryInput, AuditProblem, AuditQuery, AuditVerification, JsonValue, PresignedEntry } from './types.ts';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_KEY = 'audit_log.head';

/** A row of audit_log as stored (tests read it behind Concilia's back to tamper with it). */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  connection_id: number | null;
  subject: string | null;
  payload_json: string;
  prev_hash: string;
  hash: string;
  connection_name: string | null;
  key_fingerprint: string | null;
  signature: string | null;
}

type HashedFields = Omit<AuditRow, 'prev_hash' | 'hash' | 'signature'>;

/** The chain hash of an entry (exported for tests that play an attacker rewriting the chain). */
export function entryHash(prevHash: string, row: HashedFields): string {
  return sha256Hex(
    prevHash +
      canonicalJson({
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        connection_id: row.connection_id,
        subject: row.subject,
        payload_json: row.payload_json,
        // Absent before identities (undefined is left out), so older hashes still verify.
        connection_name: row.connection_name ?? undefined,
        key_fingerprint: row.key_fingerprint ?? undefined,
      }),
  );
}

/**
 * The text an entry's signature covers: what it says, not where it sits in the chain. Version 1:
 * canonical JSON of {v, at, actor, action, connection (name), subject, payload (canonical JSON
 * text), key (fingerprint)}.
 */
export function signedText(entry: { at: string; actor: string; action: string; connection_name: string | null; subject: string | null; payload_json: string; key_fingerprint: string | null }): string {
  return canonicalJson({
    v: 1,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    connection: entry.connection_name,
    subject: entry.subject,
    payload: entry.payload_json,
    key: entry.key_fingerprint,
  });
}

/**
 * Make sure the identity's account and key are known to the cache, registering them (with an
 * entry signed by that key) the first time this key writes. Inside the caller's transaction.
 */
export function registerIdentity(db: WritableDB, clock: Clock, identity: Identity): void {
  db.transaction(() => {
    const key = db.prepare<[string], { account_id: string }>('SELECT account_id FROM account_key WHERE fingerprint = ?').get(identity.fingerprint);
    if (key && key.account_id !== identity.accountId) {
      throw new Error(`The signing key ${identity.fingerprint.slice(0, 16)}… is registered to another account.`);
    }
    if (!key) {
      const at = isoInstant(clock());
      db.prepare('INSERT OR IGNORE INTO account (id, display_name, verified, first_seen) VALUES (?, ?, 1, ?)').run(identity.accountId, identity.displayName, at);
      db.prepare('INSERT INTO account_key (fingerprint, account_id, public_key, first_seen) VALUES (?, ?, ?, ?)').run(identity.fingerprint, identity.accountId, identity.publicKey, at);
      const name = db.prepare<[string], { display_name: string }>('SELECT display_name FROM account WHERE id = ?').get(identity.accountId)?.display_name ?? identity.displayName;
      appendSigned(db, clock, identity, {
        action: 'identity.register',
        subject: `account:${identity.accountId}`,
        payload: { accountId: identity.accountId, displayName: name, publicKey: identity.publicKey, fingerprint: identity.fingerprint },
      });
    }
  })();
}

/** Append one entry signed by `identity` (inside the caller's transaction when there is one), registering its key first if need be. */
export function appendAudit(db: WritableDB, clock: Clock, identity: Identity, entry: AuditEntryInput): AuditEntry {
  return db.transaction(() => {
    registerIdentity(db, clock, identity);
    return appendSigned(db, clock, identity, entry);
  })();
}

/** Append one entry signed by `identity`, whose key the caller has registered in this transaction (registerIdentity). */
export function appendSigned(db: WritableDB, clock: Clock, identity: Identity, entry: AuditEntryInput): AuditEntry {
  const connectionId = entry.connectionId ?? null;
  const connectionName =
    connectionId === null ? null : (db.prepare<[number], { name: string }>('SELECT name FROM connection WHERE id = ?').get(connectionId)?.name ?? null);
  const row = chained(db, {
    at: isoInstant(clock()),
    actor: identity.accountId,
    action: entry.action,
    connection_id: connectionId,
    subject: entry.subject ?? null,
    payload_json: canonicalJson(entry.payload ?? null),
    connection_name: connectionName,
    key_fingerprint: identity.fingerprint,
  });
  row.signature = identity.sign(Buffer.from(signedText(row), 'utf8'));
  insertEntry(db, row);
  const name = db.prepare<[string], { display_name: string }>('SELECT display_name FROM account WHERE id = ?').get(identity.accountId)?.display_name ?? identity.displayName;
  return toEntry({ ...row, actor_name: name, actor_verified: 1 }, connectionName);
}

/**
 * Append an entry its account signed elsewhere (a countersignature made on another computer), as
 * it was signed: only its place in the chain is added here. `connectionId` is this cache's id of
 * the connection the entry names. The caller has checked the signature, and registered the key
 * (or appends its signed registration first).
 */
export function appendPresigned(db: WritableDB, entry: PresignedEntry, connectionId: number | null): void {
  const row = chained(db, {
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    connection_id: connectionId,
    subject: entry.subject,
    payload_json: entry.payloadJson,
    connection_name: entry.connectionName,
    key_fingerprint: entry.keyFingerprint,
  });
  row.signature = entry.signature;
  insertEntry(db, row);
}

/** The entry's place in the chain: the next number, the hash of the entry before and its own. */
function chained(db: ReadableDB, fields: Omit<HashedFields, 'seq'>): AuditRow {
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  const row: AuditRow = { ...fields, seq: (last?.seq ?? 0) + 1, prev_hash: last?.hash ?? GENESIS_HASH, hash: '', signature: null };
  row.hash = entryHash(row.prev_hash, row);
  return row;
}

function insertEntry(db: WritableDB, row: AuditRow): void {
  db.prepare(
    `INSERT INTO audit_log (seq, at, actor, action, connection_id, subject, payload_json, prev_hash, hash, connection_name, key_fingerprint, signature)
     VALUES (@seq, @at, @actor, @action, @connection_id, @subject, @payload_json, @prev_hash, @hash, @connection_name, @key_fingerprint, @signature)`,
  ).run(row);
  writeSetting(db, HEAD_KEY, JSON.stringify({ seq: row.seq, hash: row.hash }));
}

interface ListedRow extends AuditRow {
  actor_name: string | null;
  actor_verified: number | null;
}

function toEntry(row: ListedRow, connection: string | null): AuditEntry {
  let payload: JsonValue;
  try {
    // The column holds canonical JSON this module wrote: parsed, it is a JSON value.
    payload = JSON.parse(row.payload_json) as JsonValue;
  } catch {
    payload = row.payload_json;
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    actorName: row.actor_name ?? row.actor,
    signed: row.signature !== null && row.actor_verified === 1,
    action: row.action,
    connectionId: row.connection_id,
    connection: connection ?? row.connection_name,
    subject: row.subject,
    payload,
    prevHash: row.prev_hash,
    hash: row.hash,
    keyFingerprint: row.key_fingerprint,
    signature: row.signature,
  };
}

/** The actor's account: its own row, or the unverified account of a name typed before identities. */
const ACTOR_JOIN = `LEFT JOIN account acc ON acc.id = a.actor LEFT JOIN account old ON acc.id IS NULL AND old.id = 'unverified:' || a.actor`;
const ACTOR_COLUMNS = 'coalesce(acc.display_name, old.display_name) AS actor_name, coalesce(acc.verified, old.verified) AS actor_verified';

/** Entries in order, filtered by connection name, by date (inclusive; dates or instants) and by subject. */
export function listAuditLog(db: ReadableDB, query: AuditQuery = {}): AuditEntry[] {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (query.connection !== undefined) {
    where.push('c.name = @connection');
    params.connection = query.connection;
  }
  if (query.from !== undefined) {
    where.push('a.at >= @from');
    params.from = query.from;
  }
  if (query.to !== undefined) {
    // A bare date means the whole of that day.
    where.push(query.to.length === 10 ? 'substr(a.at, 1, 10) <= @to' : 'a.at <= @to');
    params.to = query.to;
  }
  if (query.subject !== undefined) {
    where.push('a.subject = @subject');
    params.subject = query.subject;
  }
  const sql = `SELECT a.*, c.name AS connection_name_now, ${ACTOR_COLUMNS} FROM audit_log a LEFT JOIN connection c ON c.id = a.connection_id ${ACTOR_JOIN}
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.seq`;
  return db
    .prepare<Record<string, string>, ListedRow & { connection_name_now: string | null }>(sql)
    .all(params)
    .map((row) => toEntry(row, row.connection_name_now));
}

/** Every account the cache knows, with the fingerprints of its keys; by display name. */
export function listAccounts(db: ReadableDB): Account[] {
  const keys = new Map<string, { fingerprint: string; firstSeen: string }[]>();
  for (const k of db.prepare<[], { fingerprint: string; account_id: string; first_seen: string }>('SELECT fingerprint, account_id, first_seen FROM account_key ORDER BY first_seen, fingerprint').all()) {
    const list = keys.get(k.account_id) ?? [];
    list.push({ fingerprint: k.fingerprint, firstSeen: k.first_seen });
    keys.set(k.account_id, list);
  }
  return db
    .prepare<[], { id: string; display_name: string; verified: number; first_seen: string }>('SELECT id, display_name, verified, first_seen FROM account ORDER BY display_name, id')
    .all()
    .map((a) => ({ id: a.id, displayName: a.display_name, verified: a.verified === 1, firstSeen: a.first_seen, keys: keys.get(a.id) ?? [] }));
}

export function findAccount(db: ReadableDB, id: string): Account | null {
  return listAccounts(db).find((a) => a.id === id) ?? null;
}

/** Change the display name of the identity's account, with its audit entry (old -> new). */
export function renameAccount(db: WritableDB, clock: Clock, identity: Identity, displayName: string): Account {
  db.transaction(() => {
    registerIdentity(db, clock, identity);
    const before = db.prepare<[string], { display_name: string }>('SELECT display_name FROM account WHERE id = ?').get(identity.accountId)?.display_name ?? identity.displayName;
    if (before === displayName) return;
    db.prepare('UPDATE account SET display_name = ? WHERE id = ?').run(displayName, identity.accountId);
    appendSigned(db, clock, identity, { action: 'identity.rename', subject: `account:${identity.accountId}`, payload: { accountId: identity.accountId, from: before, to: displayName } });
  }).immediate();
  const account = findAccount(db, identity.accountId);
  if (!account) throw new Error('the account just renamed cannot be read back');
  return account;
}

/** The display name of an account now. */
export function displayNameOf(db: ReadableDB, accountId: string): string {
  return db.prepare<[string], { display_name: string }>('SELECT display_name FROM account WHERE id = ?').get(accountId)?.display_name ?? accountId;
}

interface KnownKey {
  accountId: string;
  publicKey: string;
}

const MESSAGES: Record<AuditProblem, (seq: number) => string> = {
  missing: (seq) => `entry #${seq} is missing (deleted or renumbered)`,
  chain: () => 'it does not link to the entry before it (an entry was deleted, inserted or reordered)',
  entry: () => 'its contents no longer match its hash (the entry was altered)',
  signature: () => 'its signature does not match what it says (the entry or its signature was altered)',
  unknown_key: () => 'it is signed with a key the log never registered for its account',
  unsigned: () => 'it was written after identities were introduced but carries no signature',
  head: () => 'entries were removed from the end',
  assignment: () => 'an assignment kept no longer says what this entry set (it was changed outside Concilia)',
};

/** Walk the whole chain and check every signature; the first entry that does not hold is named. */
export function verifyAuditChain(db: ReadableDB): AuditVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let signed = 0;
  // The first entry that must be signed: migration 0005 set it to the one after the last unsigned one.
  const signedFrom = db.prepare<[], { seq: number }>('SELECT seq FROM audit_signed_from').get()?.seq ?? 1;
  const keys = new Map<string, KnownKey>();
  const rows = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate();
  const bad = (seq: number, problem: AuditProblem): AuditVerification => ({
    ok: false,
    entries,
    signed,
    firstBadSeq: seq,
    problem,
    message: `The audit log has been altered at entry #${seq}: ${MESSAGES[problem](seq)}. Restore the cache from a backup and keep this copy for investigation.`,
  });
  for (const row of rows) {
    if (row.seq !== expectedSeq) return bad(expectedSeq, 'missing');
    if (row.prev_hash !== prevHash) return bad(row.seq, 'chain');
    if (entryHash(row.prev_hash, row) !== row.hash) return bad(row.seq, 'entry');
    const problem = checkSignature(row, keys, signedFrom);
    if (problem !== null) return bad(row.seq, problem);
    if (row.signature !== null) signed += 1;
    prevHash = row.hash;
    expectedSeq += 1;
    entries += 1;
  }
  const head = parseHead(readSetting(db, HEAD_KEY) ?? undefined);
  if (entries === 0 && head === null) return { ok: true, entries: 0, signed: 0, message: 'The audit log is empty.' };
  if (head === null || head.seq !== entries || head.hash !== prevHash) {
    const lastKnown = head?.seq ?? entries;
    return {
      ok: false,
      entries,
      signed,
      firstBadSeq: Math.min(lastKnown, entries + 1),
      problem: 'head',
      message: `The audit log has been altered: it ends at entry #${entries} but its head marker ${
        head === null ? 'is missing' : `names entry #${head.seq}`
      } (entries were removed from the end, or the marker was edited). Restore the cache from a backup.`,
    };
  }
  return {
    ok: true,
    entries,
    signed,
    message: `The audit log is intact: ${entries} ${entries === 1 ? 'entry' : 'entries'}, every hash verified, ${signed} ${signed === 1 ? 'signature' : 'signatures'} checked.`,
  };
}

function checkSignature(row: AuditRow, keys: Map<string, KnownKey>, signedFrom: number): AuditProblem | null {
  if (row.key_fingerprint === null || row.signature === null) return row.seq >= signedFrom ? 'unsigned' : null;
  // A registration names its own key: it is known from this entry on, and must be signed by it.
  if (row.action === 'identity.register') {
    const p = parsePayload(row.payload_json);
    if (p !== null && typeof p.publicKey === 'string' && p.accountId === row.actor && p.fingerprint === row.key_fingerprint && fingerprintOf(p.publicKey) === row.key_fingerprint && !keys.has(row.key_fingerprint)) {
      keys.set(row.key_fingerprint, { accountId: row.actor, publicKey: p.publicKey });
    }
  }
  const key = keys.get(row.key_fingerprint);
  if (!key || key.accountId !== row.actor) return 'unknown_key';
  return verifySignature(key.publicKey, Buffer.from(signedText(row), 'utf8'), row.signature) ? null : 'signature';
}

function parsePayload(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function parseHead(text: string | undefined): { seq: number; hash: string } | null {
  if (text === undefined) return null;
  try {
    const value = JSON.parse(text) as { seq?: unknown; hash?: unknown };
    return typeof value.seq === 'number' && typeof value.hash === 'string' ? { seq: value.seq, hash: value.hash } : null;
  } catch {
    return null;
  }
}

/**
 * An entry as its account signed it: the signed text (`signedText`), the key's fingerprint and
 * the signature. This is what a team store sends to the server with each change, and how another
 * laptop keeps that change in its own log without signing it again.
 */
export interface SignedEntry {
  text: string;
  key: string;
  signature: string;
}

/** The entries appended after `seq` (own entries, signed), with what each signed. */
export function signedEntriesAfter(db: ReadableDB, seq: number): { seq: number; action: string; subject: string | null; signed: SignedEntry }[] {
  return db
    .prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE seq > ? AND signature IS NOT NULL ORDER BY seq')
    .all(seq)
    .map((row) => ({ seq: row.seq, action: row.action, subject: row.subject, signed: { text: signedText(row), key: row.key_fingerprint ?? '', signature: row.signature ?? '' } }));
}

/** The last entry's number (0 when the log is empty). */
export function lastAuditSeq(db: ReadableDB): number {
  return db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_log').get()?.seq ?? 0;
}

/** The fields of a signed text (version 1), or null when it is not one. */
export function parseSignedText(text: string): { at: string; actor: string; action: string; connection: string | null; subject: string | null; payload: string; key: string } | null {
  const value = parsePayload(text);
  if (value === null || value.v !== 1) return null;
  const str = (v: unknown): v is string => typeof v === 'string';
  const { at, actor, action, connection, subject, payload, key } = value;
  if (!str(at) || !str(actor) || !str(action) || !str(payload) || !str(key) || !(connection === null || str(connection)) || !(subject === null || str(subject))) return null;
  return { at, actor, action, connection, subject, payload, key };
}

/**
 * Keep an entry signed apart from this log (another account's, pulled; or this account's own team
 * sign-off, signed before the server took it) exactly as it was signed (its time, account, words
 * and signature), chained here like any entry. A registration of its key also makes the account and
 * key known here, as the verifier will find them in the log, and a rename renames the account.
 * Inside the caller's transaction.
 */
export function appendForeign(db: WritableDB, entry: SignedEntry): void {
  const fields = parseSignedText(entry.text);
  if (fields === null) throw new Error('a pulled entry does not carry a signed text this version reads');
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  const connectionId = fields.connection === null ? null : (db.prepare<[string], { id: number }>('SELECT id FROM connection WHERE name = ?').get(fields.connection)?.id ?? null);
  const row: AuditRow = {
    seq: (last?.seq ?? 0) + 1,
    at: fields.at,
    actor: fields.actor,
    action: fields.action,
    connection_id: connectionId,
    subject: fields.subject,
    payload_json: fields.payload,
    prev_hash: last?.hash ?? GENESIS_HASH,
    hash: '',
    connection_name: fields.connection,
    key_fingerprint: fields.key,
    signature: entry.signature,
  };
  row.hash = entryHash(row.prev_hash, row);
  if (row.action === 'identity.register') {
    const p = parsePayload(row.payload_json);
    if (p !== null && typeof p.publicKey === 'string' && typeof p.displayName === 'string' && p.accountId === row.actor && fingerprintOf(p.publicKey) === row.key_fingerprint) {
      db.prepare('INSERT OR IGNORE INTO account (id, display_name, verified, first_seen) VALUES (?, ?, 1, ?)').run(row.actor, p.displayName, row.at);
      db.prepare('INSERT OR IGNORE INTO account_key (fingerprint, account_id, public_key, first_seen) VALUES (?, ?, ?, ?)').run(row.key_fingerprint, row.actor, p.publicKey, row.at);
    }
  }
  if (row.action === 'identity.rename') {
    const p = parsePayload(row.payload_json);
    if (p !== null && typeof p.to === 'string' && p.accountId === row.actor) db.prepare('UPDATE account SET display_name = ? WHERE id = ?').run(p.to, row.actor);
  }
  db.prepare(
    `INSERT INTO audit_log (seq, at, actor, action, connection_id, subject, payload_json, prev_hash, hash, connection_name, key_fingerprint, signature)
     VALUES (@seq, @at, @actor, @action, @connection_id, @subject, @payload_json, @prev_hash, @hash, @connection_name, @key_fingerprint, @signature)`,
  ).run(row);
  writeSetting(db, HEAD_KEY, JSON.stringify({ seq: row.seq, hash: row.hash }));
}

/** Sign an entry that is not (yet) in this log: what a team sign-off sends the server before it is kept here. */
export function signFree(identity: Identity, fields: { at: string; action: string; connection: string | null; subject: string | null; payload: JsonValue }): SignedEntry {
  const text = signedText({
    at: fields.at,
    actor: identity.accountId,
    action: fields.action,
    connection_name: fields.connection,
    subject: fields.subject,
    payload_json: canonicalJson(fields.payload),
    key_fingerprint: identity.fingerprint,
  });
  return { text, key: identity.fingerprint, signature: identity.sign(Buffer.from(text, 'utf8')) };
}
