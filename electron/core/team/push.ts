/**
 * Sending the queue: oldest first, a batch per transaction on the server, every insert
 * `ON CONFLICT (client_id) DO NOTHING`, and the batch marked sent in the cache only after the
 * server committed it. A laptop or server that dies mid-push therefore loses nothing (the queue
 * is still there) and duplicates nothing (a batch sent twice is ignored the second time).
 */
import type { WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import type { SignedEntry } from '../review/audit.ts';
import { TeamError } from './errors.ts';
import { markPushed, pendingBatch, type OutboxKind, type OutboxRow } from './outbox.ts';
import type { TeamClient } from './server.ts';

const BATCH = 2000;

type Body = Record<string, unknown>;

function column(rows: readonly OutboxRow[], pick: (row: OutboxRow, body: Body) => unknown): unknown[] {
  return rows.map((row) => pick(row, JSON.parse(row.body_json) as Body));
}

/** One INSERT … SELECT FROM unnest(…) WITH ORDINALITY per kind: the server takes them in queue order. */
const INSERTS: Record<Exclude<OutboxKind, 'connection'>, { sql: string; params: (rows: readonly OutboxRow[]) => unknown[][] }> = {
  review: {
    sql: `INSERT INTO concilia.review_change (client_id, connection, item_key, state, reason, note, made_at, based_on)
          SELECT c, n, k, s, r, t, m, b FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::bigint[])
            WITH ORDINALITY AS u(c, n, k, s, r, t, m, b, o) ORDER BY o
          ON CONFLICT (client_id) DO NOTHING`,
    params: (rows) => [
      rows.map((r) => r.client_id),
      rows.map((r) => r.connection),
      rows.map((r) => r.subject),
      column(rows, (_, b) => b.state),
      column(rows, (_, b) => b.reason ?? null),
      column(rows, (_, b) => b.note ?? null),
      rows.map((r) => r.made_at),
      column(rows, (_, b) => b.basedOn ?? null),
    ],
  },
  void: {
    sql: `INSERT INTO concilia.signoff_void (client_id, signoff_id, reason, new_hash)
          SELECT c, i, r, h FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS u(c, i, r, h, o) ORDER BY o
          ON CONFLICT (client_id) DO NOTHING`,
    params: (rows) => [rows.map((r) => r.client_id), column(rows, (_, b) => b.signoffId), column(rows, (_, b) => JSON.stringify(b.reason)), column(rows, (_, b) => b.newFiguresHash)],
  },
  tolerance: {
    sql: `INSERT INTO concilia.tolerance_change (client_id, connection, abs_minor, pct)
          SELECT c, n, a, p FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS u(c, n, a, p, o) ORDER BY o
          ON CONFLICT (client_id) DO NOTHING`,
    params: (rows) => [rows.map((r) => r.client_id), rows.map((r) => r.connection), column(rows, (_, b) => b.absMinor), column(rows, (_, b) => b.pct)],
  },
  assignment: {
    sql: `INSERT INTO concilia.assignment_change (client_id, connection, month, assignee, due_date)
          SELECT c, n, m, a, d FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::date[]) WITH ORDINALITY AS u(c, n, m, a, d, o) ORDER BY o
          ON CONFLICT (client_id) DO NOTHING`,
    params: (rows) => [
      rows.map((r) => r.client_id),
      rows.map((r) => r.connection),
      column(rows, (_, b) => b.month),
      column(rows, (_, b) => b.assignee ?? null),
      column(rows, (_, b) => b.dueDate ?? null),
    ],
  },
  audit: {
    sql: `INSERT INTO concilia.audit_log (client_id, action, connection, subject, payload)
          SELECT c, a, n, s, p FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(c, a, n, s, p, o) ORDER BY o
          ON CONFLICT (client_id) DO NOTHING`,
    params: (rows) => [
      rows.map((r) => r.client_id),
      column(rows, (_, b) => b.action),
      rows.map((r) => r.connection),
      rows.map((r) => r.subject),
      column(rows, (_, b) => JSON.stringify(b.payload ?? null)),
    ],
  },
};

/** The signatures of a run of changes, before the changes (the server looks each up by client id). */
export const SIGNATURES_SQL = `INSERT INTO concilia.entry_signature (client_id, key_fingerprint, signature, signed_entry)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) ON CONFLICT (client_id) DO NOTHING`;

async function insertSignatures(client: TeamClient, rows: readonly OutboxRow[]): Promise<void> {
  const signed = rows.flatMap((row) => {
    const s = (JSON.parse(row.body_json) as { signed?: SignedEntry }).signed;
    return s === undefined ? [] : [{ clientId: row.client_id, ...s }];
  });
  if (signed.length === 0) return;
  await client.query(SIGNATURES_SQL, [signed.map((s) => s.clientId), signed.map((s) => s.key), signed.map((s) => s.signature), signed.map((s) => s.text)]);
}

/** The team must know each connection a batch names, as the same kind this laptop has. */
export async function ensureConnections(db: WritableDB, client: TeamClient, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const local = names.map((name) => db.prepare<[string], { name: string; kind: string; currency: string | null }>('SELECT name, kind, currency FROM connection WHERE name = ?').get(name));
  const known = local.filter((c) => c !== undefined);
  await client.query(
    `INSERT INTO concilia.team_connection (name, kind, currency) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (name) DO NOTHING`,
    [known.map((c) => c.name), known.map((c) => c.kind), known.map((c) => c.currency)],
  );
  const { rows } = await client.query<{ name: string; kind: string }>('SELECT name, kind FROM concilia.team_connection WHERE name = ANY($1::text[])', [names]);
  for (const c of known) {
    const theirs = rows.find((r) => r.name === c.name);
    if (theirs && theirs.kind !== c.kind) {
      throw new TeamError(
        'conflict',
        `On the team, "${c.name}" is a ${theirs.kind === 'portal' ? 'portal' : 'PAYG'} connection, but on this computer it is a ${c.kind === 'portal' ? 'portal' : 'PAYG'} one: name your connections as the team does.`,
      );
    }
  }
}

export interface PushProgress {
  pushed: number;
}

/** Send every queued change; returns how many were sent now. */
export async function pushTeamChanges(db: WritableDB, client: TeamClient, clock: Clock, options: { batchSize?: number; onBatch?: (p: PushProgress) => void } = {}): Promise<number> {
  let pushed = 0;
  for (;;) {
    const batch = pendingBatch(db, options.batchSize ?? BATCH);
    if (batch.length === 0) return pushed;
    await ensureConnections(db, client, [...new Set(batch.map((r) => r.connection).filter((n) => n !== null))]);
    await client.query('BEGIN');
    try {
      // Runs of one kind, in queue order.
      for (let start = 0; start < batch.length; ) {
        const kind = batch[start]?.kind;
        let end = start;
        while (end < batch.length && batch[end]?.kind === kind) end++;
        const run = batch.slice(start, end);
        if (kind !== undefined && kind !== 'connection') {
          await insertSignatures(client, run);
          await client.query(INSERTS[kind].sql, INSERTS[kind].params(run));
        }
        start = end;
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    markPushed(db, batch.map((r) => r.id), isoInstant(clock()));
    pushed += batch.length;
    options.onBatch?.({ pushed });
  }
}
