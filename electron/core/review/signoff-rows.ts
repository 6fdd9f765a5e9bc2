/**
 * The SQLite store's sign-offs: each row with the gzip of the figures it attested (so a void can
 * say exactly what changed), each sign-off and void with its audit entry, in one transaction.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ReadableDB, WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { appendAudit } from './audit.ts';
import type { Actor, ConnectionRef, NewSignoff, Signoff, SignoffPeriodKind, SignoffRange, SignoffRole, SignoffVoid } from './types.ts';

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
}

function toSignoff(row: SignoffRow, connection: string): Signoff {
  return {
    id: row.id,
    connection,
    from: row.range_from,
    to: row.range_to,
    period: row.period_kind,
    role: row.role,
    author: row.author,
    signedAt: row.signed_at,
    dataHash: row.data_hash,
    status: row.voided_at === null ? 'live' : 'voided',
    voidedAt: row.voided_at,
    voidReason: row.void_reason,
  };
}

/** Sign-offs of a connection, oldest first; with a range, only those of exactly that range (and period when given). */
export function signoffsOf(db: ReadableDB, connection: ConnectionRef, range?: SignoffRange): Signoff[] {
  const rows = range
    ? db
        .prepare<[number, string, string], SignoffRow>(
          'SELECT * FROM signoff WHERE connection_id = ? AND range_from = ? AND range_to = ? ORDER BY signed_at, id',
        )
        .all(connection.id, range.from, range.to)
        .filter((r) => range.period === undefined || r.period_kind === range.period)
    : db.prepare<[number], SignoffRow>('SELECT * FROM signoff WHERE connection_id = ? ORDER BY range_from, signed_at, id').all(connection.id);
  return rows.map((r) => toSignoff(r, connection.name));
}

export function recordSignoff(db: WritableDB, clock: Clock, connection: ConnectionRef, signoff: NewSignoff, actor: Actor): Signoff {
  return db.transaction(() => {
    const signedAt = isoInstant(clock());
    const { lastInsertRowid } = db
      .prepare('INSERT INTO signoff (connection_id, range_from, range_to, period_kind, role, author, signed_at, data_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(connection.id, signoff.from, signoff.to, signoff.period, signoff.role, actor.name, signedAt, signoff.dataHash);
    const id = Number(lastInsertRowid);
    db.prepare('INSERT INTO signoff_figures (signoff_id, figures_gzip) VALUES (?, ?)').run(id, gzipSync(signoff.figuresText));
    appendAudit(db, () => Date.parse(signedAt), {
      actor: actor.name,
      action: 'signoff.sign',
      connectionId: connection.id,
      subject: `signoff:${id}`,
      payload: { signoffId: id, from: signoff.from, to: signoff.to, period: signoff.period, role: signoff.role, dataHash: signoff.dataHash },
    });
    const row = db.prepare<[number], SignoffRow>('SELECT * FROM signoff WHERE id = ?').get(id);
    if (!row) throw new Error('the sign-off just written cannot be read back');
    return toSignoff(row, connection.name);
  }).immediate();
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
export function voidSignoffs(db: WritableDB, clock: Clock, connection: ConnectionRef, voids: readonly SignoffVoid[], actor: Actor): void {
  if (voids.length === 0) return;
  const live = db.prepare<[number, number], SignoffRow>('SELECT * FROM signoff WHERE id = ? AND connection_id = ? AND voided_at IS NULL');
  const update = db.prepare('UPDATE signoff SET voided_at = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL');
  db.transaction(() => {
    const at = isoInstant(clock());
    for (const v of voids) {
      const row = live.get(v.signoffId, connection.id);
      if (!row) continue;
      update.run(at, v.reason, row.id);
      appendAudit(db, () => Date.parse(at), {
        actor: actor.name,
        action: 'signoff.void',
        connectionId: connection.id,
        subject: `signoff:${row.id}`,
        payload: {
          signoffId: row.id,
          role: row.role,
          author: row.author,
          from: row.range_from,
          to: row.range_to,
          period: row.period_kind,
          reason: v.reason,
          oldHash: row.data_hash,
          newHash: v.newHash,
        },
      });
    }
  }).immediate();
}
