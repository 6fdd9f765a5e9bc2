/**
 * Sign-off rows and the figures they covered. Kept apart from signoff.ts so the reconciliation can
 * void a stale sign-off of the range it just computed without importing itself back.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CacheDatabase } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { describeFigureChanges, parseFigures, type Figures } from '../reconcile/figures.ts';
import { appendAudit } from './audit.ts';
import type { Signoff, SignoffPeriodKind, SignoffRange, SignoffRole } from './types.ts';

/** The actor named in the audit log for what Concilia does by itself (voiding a stale sign-off). */
export const SYSTEM_ACTOR = 'concilia';

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
export function signoffsOf(db: CacheDatabase, connectionId: number, connectionName: string, range?: SignoffRange): Signoff[] {
  const rows = range
    ? db
        .prepare<[number, string, string], SignoffRow>(
          'SELECT * FROM signoff WHERE connection_id = ? AND range_from = ? AND range_to = ? ORDER BY signed_at, id',
        )
        .all(connectionId, range.from, range.to)
        .filter((r) => range.period === undefined || r.period_kind === range.period)
    : db.prepare<[number], SignoffRow>('SELECT * FROM signoff WHERE connection_id = ? ORDER BY range_from, signed_at, id').all(connectionId);
  return rows.map((r) => toSignoff(r, connectionName));
}

export function insertSignoff(
  db: CacheDatabase,
  clock: Clock,
  input: { connectionId: number; connection: string; from: string; to: string; period: SignoffPeriodKind; role: SignoffRole; author: string; figuresText: string; hash: string },
): Signoff {
  return db.transaction(() => {
    const signedAt = isoInstant(clock());
    const { lastInsertRowid } = db
      .prepare('INSERT INTO signoff (connection_id, range_from, range_to, period_kind, role, author, signed_at, data_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(input.connectionId, input.from, input.to, input.period, input.role, input.author, signedAt, input.hash);
    const id = Number(lastInsertRowid);
    db.prepare('INSERT INTO signoff_figures (signoff_id, figures_gzip) VALUES (?, ?)').run(id, gzipSync(input.figuresText));
    appendAudit(db, () => Date.parse(signedAt), {
      actor: input.author,
      action: 'signoff.sign',
      connectionId: input.connectionId,
      subject: `signoff:${id}`,
      payload: { signoffId: id, from: input.from, to: input.to, period: input.period, role: input.role, dataHash: input.hash },
    });
    const row = db.prepare<[number], SignoffRow>('SELECT * FROM signoff WHERE id = ?').get(id);
    if (!row) throw new Error('the sign-off just written cannot be read back');
    return toSignoff(row, input.connection);
  }).immediate();
}

export function figuresOf(db: CacheDatabase, signoffId: number): Figures | null {
  const row = db.prepare<[number], { figures_gzip: Buffer }>('SELECT figures_gzip FROM signoff_figures WHERE signoff_id = ?').get(signoffId);
  if (!row) return null;
  try {
    return parseFigures(gunzipSync(row.figures_gzip).toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * Void every live sign-off of this exact range whose hash differs from the figures now in the
 * cache, naming what changed; returns how many were voided. The figures are hashed only when the
 * range has a live sign-off: most reconciliations have none, and hashing is a pass over every row.
 */
export function voidStaleSignoffs(
  db: CacheDatabase,
  clock: Clock,
  target: { connectionId: number; from: string; to: string; period: string; figuresText: () => string; hash: () => string },
): number {
  const live = db
    .prepare<[number, string, string, string], SignoffRow>(
      `SELECT * FROM signoff WHERE connection_id = ? AND range_from = ? AND range_to = ? AND period_kind = ?
       AND voided_at IS NULL ORDER BY id`,
    )
    .all(target.connectionId, target.from, target.to, target.period);
  if (live.length === 0) return 0;
  const hash = target.hash();
  const stale = live.filter((row) => row.data_hash !== hash);
  if (stale.length === 0) return 0;
  db.transaction(() => {
    const at = isoInstant(clock());
    const now = parseFigures(target.figuresText());
    const update = db.prepare('UPDATE signoff SET voided_at = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL');
    for (const row of stale) {
      const before = figuresOf(db, row.id);
      const what = before && now ? describeFigureChanges(before, now) : 'the figures covered by the sign-off changed';
      const reason = `Figures changed after the ${row.role} sign-off by ${row.author}: ${what}.`;
      update.run(at, reason, row.id);
      appendAudit(db, () => Date.parse(at), {
        actor: SYSTEM_ACTOR,
        action: 'signoff.void',
        connectionId: target.connectionId,
        subject: `signoff:${row.id}`,
        payload: { signoffId: row.id, role: row.role, author: row.author, from: row.range_from, to: row.range_to, period: row.period_kind, reason, oldHash: row.data_hash, newHash: hash },
      });
    }
  }).immediate();
  return stale.length;
}
