/**
 * The offline queue: what this laptop changed in team mode, with the id it gave each change,
 * written in the same SQLite transaction as the change itself, so a change is either both done
 * locally and queued, or neither. push.ts sends it.
 */
import { randomUUID } from 'node:crypto';
import type { ReadableDB, WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import type { Identity } from '../identity/identity.ts';
import { parseSignedText, signedEntriesAfter, type SignedEntry } from '../review/audit.ts';
import type { JsonValue } from '../review/types.ts';

export type OutboxKind = 'connection' | 'review' | 'void' | 'tolerance' | 'assignment' | 'audit';

export interface OutboxRow {
  id: number;
  client_id: string;
  kind: OutboxKind;
  connection: string | null;
  subject: string | null;
  body_json: string;
  made_at: string;
}

export function enqueue(db: WritableDB, kind: OutboxKind, connection: string | null, subject: string | null, body: unknown, madeAt: string): string {
  const clientId = randomUUID();
  db.prepare('INSERT INTO team_outbox (client_id, kind, connection, subject, body_json, made_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    clientId,
    kind,
    connection,
    subject,
    JSON.stringify(body),
    madeAt,
  );
  return clientId;
}

/** The next changes to send, oldest first. */
export function pendingBatch(db: ReadableDB, limit: number): OutboxRow[] {
  return db.prepare<[number], OutboxRow>('SELECT id, client_id, kind, connection, subject, body_json, made_at FROM team_outbox WHERE pushed_at IS NULL ORDER BY id LIMIT ?').all(limit);
}

export function pendingCount(db: ReadableDB): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM team_outbox WHERE pushed_at IS NULL').get()?.n ?? 0;
}

/** The server has committed these: they are sent, and stay as the record of this laptop's own changes. */
export function markPushed(db: WritableDB, ids: readonly number[], at: string): void {
  const mark = db.prepare('UPDATE team_outbox SET pushed_at = ? WHERE id = ? AND pushed_at IS NULL');
  db.transaction(() => {
    for (const id of ids) mark.run(at, id);
  }).immediate();
}

/** The latest team entry of an item this laptop has seen: what a change made now replaces. */
export function lastSeenReview(db: ReadableDB, connection: string, itemKey: string): number | null {
  return (
    db
      .prepare<[string, string], { seq: number | null }>("SELECT max(seq) AS seq FROM team_audit WHERE connection = ? AND subject = ? AND action = 'review.set'")
      .get(connection, itemKey)?.seq ?? null
  );
}

/** What a signed entry says, as a JSON value (its payload is kept as canonical JSON text). */
export function signedPayload(signed: SignedEntry): JsonValue {
  const fields = parseSignedText(signed.text);
  return fields === null ? null : (JSON.parse(fields.payload) as JsonValue);
}

/**
 * Queue the entry that registered a key in this log (signed by that key), once per key: the
 * others' laptops keep it in their logs first, so they can check every entry the key signs.
 */
export function queueRegistration(db: WritableDB, subject: string | null, signed: SignedEntry, at: string): void {
  const queued = db
    .prepare<[string], { n: number }>("SELECT 1 AS n FROM team_outbox WHERE kind = 'audit' AND json_extract(body_json, '$.action') = 'identity.register' AND json_extract(body_json, '$.signed.key') = ?")
    .get(signed.key);
  if (queued === undefined) enqueue(db, 'audit', null, subject, { action: 'identity.register', payload: signedPayload(signed), signed }, at);
}

/**
 * Queue this account's key registration from this cache's log, when the account wrote here before
 * joining (otherwise its first change registers the key, and the team store queues that).
 */
export function queueOwnRegistration(db: WritableDB, clock: Clock, identity: Identity): void {
  db.transaction(() => {
    const row = db
      .prepare<[string], { seq: number }>("SELECT seq FROM audit_log WHERE action = 'identity.register' AND key_fingerprint = ? ORDER BY seq LIMIT 1")
      .get(identity.fingerprint);
    if (row === undefined) return;
    const entry = signedEntriesAfter(db, row.seq - 1)[0];
    if (entry !== undefined) queueRegistration(db, entry.subject, entry.signed, isoInstant(clock()));
  }).immediate();
}
