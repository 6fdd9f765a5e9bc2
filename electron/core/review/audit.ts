/**
 * The SQLite store's append-only, hash-chained audit log. Each entry's hash covers the previous entry's hash and
 * the entry's own fields (seq included), so an edited, deleted or reordered row breaks the chain
 * from that row on; the head marker in app_setting catches a truncated tail. Triggers stop
 * ordinary UPDATE/DELETE; the chain catches what is done behind SQLite's back.
 */
import { readSetting, writeSetting, type ReadableDB, type WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import type { AuditEntry, AuditEntryInput, AuditQuery, AuditVerification, JsonValue } from './types.ts';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_KEY = 'audit_log.head';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  connection_id: number | null;
  subject: string | null;
  payload_json: string;
  prev_hash: string;
  hash: string;
}

function entryHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
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
      }),
  );
}

/** Append one entry (inside the caller's transaction when there is one). */
export function appendAudit(db: WritableDB, clock: Clock, entry: AuditEntryInput): AuditEntry {
  const actor = entry.actor.trim();
  if (actor === '') throw new TypeError('An audit entry needs an actor.');
  return db.transaction(() => {
    const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    const row: AuditRow = {
      seq: (last?.seq ?? 0) + 1,
      at: isoInstant(clock()),
      actor,
      action: entry.action,
      connection_id: entry.connectionId ?? null,
      subject: entry.subject ?? null,
      payload_json: canonicalJson(entry.payload ?? null),
      prev_hash: last?.hash ?? GENESIS_HASH,
      hash: '',
    };
    row.hash = entryHash(row.prev_hash, row);
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor, action, connection_id, subject, payload_json, prev_hash, hash)
       VALUES (@seq, @at, @actor, @action, @connection_id, @subject, @payload_json, @prev_hash, @hash)`,
    ).run(row);
    writeSetting(db, HEAD_KEY, JSON.stringify({ seq: row.seq, hash: row.hash }));
    return toEntry(row, null);
  })();
}

function toEntry(row: AuditRow, connection: string | null): AuditEntry {
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
    action: row.action,
    connectionId: row.connection_id,
    connection,
    subject: row.subject,
    payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Entries in order, filtered by connection name and by date (inclusive; dates or instants). */
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
  const sql = `SELECT a.*, c.name AS connection_name FROM audit_log a LEFT JOIN connection c ON c.id = a.connection_id
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.seq`;
  return db
    .prepare<Record<string, string>, AuditRow & { connection_name: string | null }>(sql)
    .all(params)
    .map((row) => toEntry(row, row.connection_name));
}

/** Walk the whole chain; the first row that does not follow from its predecessor is named. */
export function verifyAuditChain(db: ReadableDB): AuditVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  const rows = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate();
  for (const row of rows) {
    const bad = (why: string): AuditVerification => ({
      ok: false,
      entries,
      firstBadSeq: row.seq,
      message: `The audit log has been altered at entry #${row.seq}: ${why}. Restore the cache from a backup and keep this copy for investigation.`,
    });
    if (row.seq !== expectedSeq) {
      return { ...bad(`entry #${expectedSeq} is missing (deleted or renumbered)`), firstBadSeq: expectedSeq };
    }
    if (row.prev_hash !== prevHash) return bad('it does not link to the entry before it (an entry was deleted, inserted or reordered)');
    if (entryHash(row.prev_hash, row) !== row.hash) return bad('its contents no longer match its hash');
    prevHash = row.hash;
    expectedSeq += 1;
    entries += 1;
  }
  const headText = readSetting(db, HEAD_KEY) ?? undefined;
  const head = parseHead(headText);
  if (entries === 0 && head === null) return { ok: true, entries: 0, message: 'The audit log is empty.' };
  if (head === null || head.seq !== entries || head.hash !== prevHash) {
    const lastKnown = head?.seq ?? entries;
    return {
      ok: false,
      entries,
      firstBadSeq: Math.min(lastKnown, entries + 1),
      message: `The audit log has been altered: it ends at entry #${entries} but its head marker ${
        head === null ? 'is missing' : `names entry #${head.seq}`
      } (entries were removed from the end, or the marker was edited). Restore the cache from a backup.`,
    };
  }
  return { ok: true, entries, message: `The audit log is intact: ${entries} ${entries === 1 ? 'entry' : 'entries'}, every hash verified.` };
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
