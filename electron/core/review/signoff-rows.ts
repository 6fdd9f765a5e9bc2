/**
 * The SQLite store's sign-offs: each row with the gzip of the statement it attested (so a void can
 * say exactly what changed), each sign-off and void with its signed audit entry, in one
 * transaction.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ReadableDB, WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { unverifiedAccountId } from '../identity/account-id.ts';
import type { Identity } from '../identity/identity.ts';
import { describeVoid } from '../language/index.ts';
import { appendPresigned, appendSigned, listAuditLog, registerIdentity } from './audit.ts';
import {
  COUNTERSIGN_ACTION,
  type Attested,
  type AuditEntry,
  type ConnectionRef,
  type ImportedSignoff,
  type NewSignoff,
  type Signoff,
  type SignoffPeriodKind,
  type SignoffRange,
  type SignoffRole,
  type SignoffVoid,
  type VoidReason,
} from './types.ts';

interface SignoffRow {
  id: number;
  range_from: string;
  range_to: string;
  period_kind: SignoffPeriodKind;
  role: SignoffRole;
  author: string;
  signed_at: string;
  data_hash: string;
  voided_at: string | null;
  void_reason: string | null;
  account_id: string | null;
  figures_hash: string | null;
  attested_json: string | null;
  void_json: string | null;
  display_name: string | null;
  verified: number | null;
}

const SELECT = `SELECT s.*, a.display_name, a.verified FROM signoff s LEFT JOIN account a ON a.id = s.account_id`;

function parsed<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function toSignoff(row: SignoffRow, connection: string): Signoff {
  return {
    id: row.id,
    connection,
    from: row.range_from,
    to: row.range_to,
    period: row.period_kind,
    role: row.role,
    author: row.display_name ?? row.author,
    accountId: row.account_id ?? unverifiedAccountId(row.author),
    signed: row.verified === 1,
    signedAt: row.signed_at,
    dataHash: row.data_hash,
    figuresHash: row.figures_hash ?? row.data_hash,
    attested: parsed<Attested>(row.attested_json),
    status: row.voided_at === null ? 'live' : 'voided',
    voidedAt: row.voided_at,
    voidReason: row.void_reason,
    voidDetail: parsed<VoidReason>(row.void_json) ?? (row.void_reason === null ? null : { kind: 'text', text: row.void_reason }),
  };
}

/** Sign-offs of a connection, oldest first; with a range, only those of exactly that range (and period when given). */
export function signoffsOf(db: ReadableDB, connection: ConnectionRef, range?: SignoffRange): Signoff[] {
  const rows = range
    ? db
        .prepare<[number, string, string], SignoffRow>(`${SELECT} WHERE s.connection_id = ? AND s.range_from = ? AND s.range_to = ? ORDER BY s.signed_at, s.id`)
        .all(connection.id, range.from, range.to)
        .filter((r) => range.period === undefined || r.period_kind === range.period)
    : db.prepare<[number], SignoffRow>(`${SELECT} WHERE s.connection_id = ? ORDER BY s.range_from, s.signed_at, s.id`).all(connection.id);
  return rows.map((r) => toSignoff(r, connection.name));
}

/** A sign-off as kept: what was attested is null for one pulled from before the server kept it. */
export type KeptSignoff = Omit<NewSignoff, 'attested' | 'items'> & { attested: Attested | null };

/** The sign-off row and its statement, without an audit entry; returns its id. */
function insertSignoff(db: WritableDB, connection: ConnectionRef, signoff: KeptSignoff, by: { accountId: string; author: string; signedAt: string }): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO signoff (connection_id, range_from, range_to, period_kind, role, author, signed_at, data_hash, account_id, figures_hash, attested_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(connection.id, signoff.from, signoff.to, signoff.period, signoff.role, by.author, by.signedAt, signoff.dataHash, by.accountId, signoff.figuresHash, JSON.stringify(signoff.attested));
  const id = Number(lastInsertRowid);
  db.prepare('INSERT INTO signoff_figures (signoff_id, figures_gzip) VALUES (?, ?)').run(id, gzipSync(signoff.statementText));
  return id;
}

function readSignoff(db: ReadableDB, id: number, connection: ConnectionRef): Signoff {
  const row = db.prepare<[number], SignoffRow>(`${SELECT} WHERE s.id = ?`).get(id);
  if (!row) throw new Error('the sign-off just written cannot be read back');
  return toSignoff(row, connection.name);
}

export function recordSignoff(db: WritableDB, clock: Clock, identity: Identity, connection: ConnectionRef, signoff: NewSignoff): Signoff {
  return db.transaction(() => {
    registerIdentity(db, clock, identity);
    const signedAt = isoInstant(clock());
    const author = db.prepare<[string], { display_name: string }>('SELECT display_name FROM account WHERE id = ?').get(identity.accountId)?.display_name ?? identity.displayName;
    const id = insertSignoff(db, connection, signoff, { accountId: identity.accountId, author, signedAt });
    appendSigned(db, () => Date.parse(signedAt), identity, {
      action: 'signoff.sign',
      connectionId: connection.id,
      subject: `signoff:${id}`,
      payload: {
        signoffId: id,
        from: signoff.from,
        to: signoff.to,
        period: signoff.period,
        role: signoff.role,
        dataHash: signoff.dataHash,
        figuresHash: signoff.figuresHash,
        attested: signoff.attested,
      },
    });
    return readSignoff(db, id, connection);
  }).immediate();
}

/**
 * A reviewer sign-off made on another computer: the reviewer's key registered by their own signed
 * entry when this cache does not know it, the sign-off as of the reviewer's signing time, their
 * countersigning entry as they signed it, and this account's entry saying it imported them; all
 * in one transaction.
 */
export function recordImportedSignoff(db: WritableDB, clock: Clock, identity: Identity, connection: ConnectionRef, imported: ImportedSignoff): Signoff {
  return db.transaction(() => {
    registerIdentity(db, clock, identity);
    const { reviewer } = imported;
    const known = db.prepare<[string], { account_id: string }>('SELECT account_id FROM account_key WHERE fingerprint = ?').get(reviewer.fingerprint);
    if (known && known.account_id !== reviewer.accountId) throw new Error(`The signing key ${reviewer.fingerprint.slice(0, 16)}… is registered to another account.`);
    if (!known) {
      if (imported.registration === null) throw new Error('the reviewer\'s key is unknown and comes without its registration');
      const at = imported.registration.at;
      db.prepare('INSERT OR IGNORE INTO account (id, display_name, verified, first_seen) VALUES (?, ?, 1, ?)').run(reviewer.accountId, reviewer.displayName, at);
      db.prepare('INSERT INTO account_key (fingerprint, account_id, public_key, first_seen) VALUES (?, ?, ?, ?)').run(reviewer.fingerprint, reviewer.accountId, reviewer.publicKey, at);
      appendPresigned(db, imported.registration, null);
    }
    const author = db.prepare<[string], { display_name: string }>('SELECT display_name FROM account WHERE id = ?').get(reviewer.accountId)?.display_name ?? reviewer.displayName;
    const id = insertSignoff(db, connection, { ...imported, role: 'reviewer' }, { accountId: reviewer.accountId, author, signedAt: imported.countersign.at });
    appendPresigned(db, imported.countersign, connection.id);
    appendSigned(db, clock, identity, {
      action: 'signoff.import',
      connectionId: connection.id,
      subject: `signoff:${id}`,
      payload: { ...imported.imported, signoffId: id, from: imported.from, to: imported.to, period: imported.period, role: 'reviewer', reviewer: reviewer.accountId, reviewerName: reviewer.displayName, fingerprint: reviewer.fingerprint, dataHash: imported.dataHash },
    });
    return readSignoff(db, id, connection);
  }).immediate();
}

/**
 * Keep a sign-off whose entry was signed apart from this log (pulled from a team server, or sent
 * to it from here before the server numbered it): the row as its signer made it; its signed
 * entry joins the log separately (appendForeign), never signed again here.
 */
export function keepPulledSignoff(db: WritableDB, connection: ConnectionRef, signoff: KeptSignoff, by: { accountId: string; author: string; signedAt: string }): Signoff {
  return db.transaction(() => readSignoff(db, insertSignoff(db, connection, signoff, by), connection))();
}

/** Mark a live sign-off void as another account voided it (pulled); its entry joins the log separately. */
export function markPulledVoid(db: WritableDB, signoffId: number, at: string, reason: VoidReason): void {
  db.prepare('UPDATE signoff SET voided_at = ?, void_reason = ?, void_json = ? WHERE id = ? AND voided_at IS NULL').run(at, describeVoid(reason, 'en'), JSON.stringify(reason), signoffId);
}

export function signedFigures(db: ReadableDB, signoffId: number): string | null {
  const row = db.prepare<[number], { figures_gzip: Buffer }>('SELECT figures_gzip FROM signoff_figures WHERE signoff_id = ?').get(signoffId);
  if (!row) return null;
  try {
    return gunzipSync(row.figures_gzip).toString('utf8');
  } catch {
    return null;
  }
}

/** Void each named live sign-off of the connection with its reason; one that is already void stays as it was. */
export function voidSignoffs(db: WritableDB, clock: Clock, identity: Identity, connection: ConnectionRef, voids: readonly SignoffVoid[]): void {
  if (voids.length === 0) return;
  const live = db.prepare<[number, number], SignoffRow>(`${SELECT} WHERE s.id = ? AND s.connection_id = ? AND s.voided_at IS NULL`);
  const update = db.prepare('UPDATE signoff SET voided_at = ?, void_reason = ?, void_json = ? WHERE id = ? AND voided_at IS NULL');
  db.transaction(() => {
    registerIdentity(db, clock, identity);
    const at = isoInstant(clock());
    for (const v of voids) {
      const row = live.get(v.signoffId, connection.id);
      if (!row) continue;
      update.run(at, describeVoid(v.reason, 'en'), JSON.stringify(v.reason), row.id);
      appendSigned(db, () => Date.parse(at), identity, {
        action: 'signoff.void',
        connectionId: connection.id,
        subject: `signoff:${row.id}`,
        payload: {
          signoffId: row.id,
          role: row.role,
          author: row.display_name ?? row.author,
          from: row.range_from,
          to: row.range_to,
          period: row.period_kind,
          reason: v.reason,
          oldHash: row.data_hash,
          oldFiguresHash: row.figures_hash ?? row.data_hash,
          newFiguresHash: v.newFiguresHash,
        },
      });
    }
  }).immediate();
}

/**
 * The entry a sign-off's signer signed, as this log keeps it: the 'signoff.sign' entry naming it
 * when it was signed in this cache; a reviewer's own 'signoff.countersign' entry when imported
 * from a countersignature; and for a team sign-off (signed before the server numbered it, so
 * named by the id its laptop gave it) the 'signoff.sign' entry its account signed at its signing
 * time over the same range and role, on every laptop the one its signer sent. Null when the log
 * holds none (a sign-off from before identities, or one whose signer's key this log cannot check).
 */
export function signoffEntryOf(db: ReadableDB, s: Signoff): AuditEntry | null {
  const bySubject = (subject: string, action: string): AuditEntry | undefined =>
    listAuditLog(db, { subject }).find((e) => e.action === action && e.actor === s.accountId && e.signature !== null);
  const own = bySubject(`signoff:${s.id}`, 'signoff.sign') ?? bySubject(`countersign:${s.dataHash}`, COUNTERSIGN_ACTION);
  if (own) return own;
  const candidates = db
    .prepare<[string, string], { subject: string | null; payload_json: string }>(
      "SELECT subject, payload_json FROM audit_log WHERE action = 'signoff.sign' AND actor = ? AND at = ? AND signature IS NOT NULL ORDER BY seq",
    )
    .all(s.accountId, s.signedAt);
  for (const c of candidates) {
    const p = parsed<{ from?: unknown; to?: unknown; period?: unknown; role?: unknown; dataHash?: unknown }>(c.payload_json);
    if (c.subject === null || p === null || p.from !== s.from || p.to !== s.to || p.period !== s.period || p.role !== s.role || p.dataHash !== s.dataHash) continue;
    const entry = bySubject(c.subject, 'signoff.sign');
    if (entry && entry.connection === s.connection) return entry;
  }
  return null;
}
