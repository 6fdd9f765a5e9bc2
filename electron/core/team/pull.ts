/**
 * Pulling the team's changes: the server's audit log after the last entry this laptop has, a page
 * at a time, each entry checked against the one before it (its hash recomputed), kept in
 * team_audit and applied to the working copy in one SQLite transaction per page:
 *
 * - a review change sets the item's state unless this laptop has a change of it still queued
 *   (that one reaches the server later, so it will stand); others' changes join this laptop's
 *   log, so an item's history shows both sides of an edit that crossed, and a crossing this
 *   laptop took part in becomes a notice;
 * - sign-offs, voids, tolerances, assignments and members' names are mirrored likewise.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { ReadableDB, WritableDB } from '../cache/index.ts';
import { appendAudit } from '../review/audit.ts';
import { recordSignoff, voidSignoffs } from '../review/signoff-rows.ts';
import type { AuditVerification, JsonValue, SignoffPeriodKind, SignoffRole } from '../review/types.ts';
import { TeamError } from './errors.ts';
import type { TeamClient } from './server.ts';

const PAGE = 5000;
const GENESIS = '0'.repeat(64);

interface TeamEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  connection: string | null;
  subject: string | null;
  payload: string;
  client_id: string | null;
  prev_hash: string;
  hash: string;
}

interface TeamSignoffRow {
  id: number;
  client_id: string;
  connection: string;
  range_from: string;
  range_to: string;
  period_kind: SignoffPeriodKind;
  role: SignoffRole;
  data_hash: string;
  figures_gzip: Buffer;
  items: { key: string; state: string }[];
  author: string;
  signed_at: string;
}

/** The hash the server gave an entry (schema 0001 concilia.entry_hash), recomputed here. */
export function teamEntryHash(e: Omit<TeamEntry, 'hash' | 'client_id'>): string {
  const text = [e.prev_hash, String(e.seq), e.at, e.actor, e.action, e.connection ?? '', e.subject ?? '', e.payload].join('\n');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function checkEntry(entry: TeamEntry, prevHash: string): string | null {
  if (entry.prev_hash !== prevHash) return 'it does not follow from the entry this computer pulled before it';
  if (teamEntryHash(entry) !== entry.hash) return 'its contents no longer match its hash';
  return null;
}

/** The pulled copy of the team's log, checked link by link. */
export function verifyPulledChain(db: ReadableDB): AuditVerification {
  let prev = GENESIS;
  let entries = 0;
  for (const row of db.prepare<[], TeamEntry>('SELECT * FROM team_audit ORDER BY seq').iterate()) {
    const why = checkEntry(row, prev);
    if (why !== null) {
      return { ok: false, entries, firstBadSeq: row.seq, message: `The team's audit log as pulled to this computer has been altered at entry #${row.seq}: ${why}.` };
    }
    prev = row.hash;
    entries += 1;
  }
  return { ok: true, entries, message: entries === 0 ? '' : `The team's log as pulled: ${entries} ${entries === 1 ? 'entry' : 'entries'}, every hash verified.` };
}

export interface TeamNotice {
  kind: 'crossed';
  connection: string;
  itemKey: string;
  /** Who made the change that stands (the later on the server), and the one it replaced unseen. */
  standing: { author: string; state: string; at: string };
  replaced: { author: string; state: string };
}

export interface PullResult {
  pulled: number;
  notices: TeamNotice[];
}

/** Pull and apply everything new on the server. `me` is this laptop's database role. */
export async function pullTeamChanges(db: WritableDB, client: TeamClient, me: string, options: { pageSize?: number } = {}): Promise<PullResult> {
  let pulled = 0;
  const notices: TeamNotice[] = [];
  for (;;) {
    const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM team_audit ORDER BY seq DESC LIMIT 1').get();
    const { rows } = await client.query<TeamEntry>(
      `SELECT seq::int AS seq, at, actor::text AS actor, action, connection, subject, payload, client_id::text AS client_id, prev_hash, hash
         FROM concilia.audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [last?.seq ?? 0, options.pageSize ?? PAGE],
    );
    if (rows.length === 0) return { pulled, notices };
    let prev = last?.hash ?? GENESIS;
    for (const entry of rows) {
      const why = checkEntry(entry, prev);
      if (why !== null) {
        throw new TeamError(
          'rejected',
          `The team server's audit log does not hold together at entry #${entry.seq}: ${why}. Nothing more was pulled; tell the controller (the log was changed on the server).`,
        );
      }
      prev = entry.hash;
    }
    const signoffIds = rows.filter((r) => r.action === 'signoff.sign').map((r) => Number((JSON.parse(r.payload) as { signoffId: number }).signoffId));
    const signoffs =
      signoffIds.length === 0
        ? []
        : (
            await client.query<TeamSignoffRow>(
              `SELECT id::int AS id, client_id::text AS client_id, connection, range_from::text AS range_from, range_to::text AS range_to, period_kind, role,
                      data_hash, figures_gzip, items, author::text AS author, signed_at FROM concilia.signoff WHERE id = ANY($1::bigint[])`,
              [signoffIds],
            )
          ).rows;
    notices.push(...applyPulled(db, rows, new Map(signoffs.map((s) => [s.id, s])), me));
    pulled += rows.length;
  }
}

type Payload = Record<string, JsonValue>;

/** A text member of a payload the server wrote ('' when it is not text). */
function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
}

function applyPulled(db: WritableDB, entries: readonly TeamEntry[], signoffs: ReadonlyMap<number, TeamSignoffRow>, me: string): TeamNotice[] {
  const insert = db.prepare(
    'INSERT INTO team_audit (seq, at, actor, action, connection, subject, payload, client_id, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @connection, @subject, @payload, @client_id, @prev_hash, @hash)',
  );
  const connectionOf = db.prepare<[string], { id: number; name: string }>('SELECT id, name FROM connection WHERE name = ?');
  const isOwn = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM team_outbox WHERE client_id = ?');
  const queued = db.prepare<[string, string, string | null], { n: number }>('SELECT 1 AS n FROM team_outbox WHERE kind = ? AND connection = ? AND subject IS ? AND pushed_at IS NULL LIMIT 1');
  const setReview = db.prepare(
    `INSERT INTO review (connection_id, item_key, state, reason, note, author, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(connection_id, item_key) DO UPDATE SET state = excluded.state, reason = excluded.reason, note = excluded.note,
       author = excluded.author, updated_at = excluded.updated_at`,
  );
  const localSignoff = db.prepare<[number], { id: number; voided_at: string | null }>('SELECT id, voided_at FROM signoff WHERE team_id = ?');
  const member = db.prepare<[string], { display_name: string }>('SELECT display_name FROM team_member WHERE role = ?');
  const notice = db.prepare('INSERT INTO team_notice (at, connection, subject, kind, detail_json) VALUES (?, ?, ?, ?, ?)');
  const nameOf = (role: string): string => member.get(role)?.display_name ?? role;
  const notices: TeamNotice[] = [];

  db.transaction(() => {
    for (const entry of entries) {
      insert.run(entry);
      const payload = JSON.parse(entry.payload) as Payload;
      const clientId = typeof payload.clientId === 'string' ? payload.clientId : entry.client_id;
      const own = clientId !== null && isOwn.get(clientId) !== undefined;
      const local = entry.connection === null ? undefined : connectionOf.get(entry.connection);
      const at = () => Date.parse(entry.at);
      const author = nameOf(entry.actor);
      // Others' entries join this laptop's log as they happened on the server.
      const mirror = (): void => {
        if (own) return;
        const { clientId: _clientId, ...rest } = payload;
        appendAudit(db, at, { actor: author, action: entry.action, connectionId: local?.id ?? null, subject: entry.subject, payload: { ...rest, team: { seq: entry.seq, role: entry.actor } } });
      };
      switch (entry.action) {
        case 'review.set': {
          if (!local || entry.subject === null) break;
          if (queued.get('review', local.name, entry.subject) === undefined) {
            setReview.run(local.id, entry.subject, payload.state, payload.reason ?? null, payload.note ?? null, author, entry.at);
          }
          mirror();
          const previous = payload.previous as Payload | null;
          if (payload.crossed === true && previous && (own || previous.author === me)) {
            const n: TeamNotice = {
              kind: 'crossed',
              connection: local.name,
              itemKey: entry.subject,
              standing: { author, state: text(payload.state), at: entry.at },
              replaced: { author: nameOf(text(previous.author)), state: text(previous.state) },
            };
            notice.run(entry.at, local.name, entry.subject, 'crossed', JSON.stringify(n));
            notices.push(n);
          }
          break;
        }
        case 'signoff.sign': {
          const row = signoffs.get(Number(payload.signoffId));
          if (!local || !row || localSignoff.get(row.id)) break;
          const kept = recordSignoff(
            db,
            () => Date.parse(row.signed_at),
            local,
            {
              from: row.range_from,
              to: row.range_to,
              period: row.period_kind,
              role: row.role,
              figuresText: gunzipSync(row.figures_gzip).toString('utf8'),
              dataHash: row.data_hash,
              items: [],
            },
            { name: nameOf(row.author) },
          );
          db.prepare('UPDATE signoff SET team_id = ? WHERE id = ?').run(row.id, kept.id);
          break;
        }
        case 'signoff.void': {
          const target = localSignoff.get(Number(payload.signoffId));
          if (!local || !target || target.voided_at !== null) break;
          voidSignoffs(db, at, local, [{ signoffId: target.id, reason: text(payload.reason), newHash: text(payload.newHash) }], { name: author });
          break;
        }
        case 'tolerance.save':
          if (local && !own && queued.get('tolerance', local.name, null) === undefined) {
            db.prepare('UPDATE connection SET tolerance_abs_minor = ?, tolerance_pct = ? WHERE id = ?').run(Number(payload.absMinor), text(payload.pct), local.id);
          }
          mirror();
          break;
        case 'assignment.set':
          db.prepare(
            'INSERT INTO team_assignment (connection, month, assignee, due_date) VALUES (?, ?, ?, ?) ON CONFLICT(connection, month) DO UPDATE SET assignee = excluded.assignee, due_date = excluded.due_date',
          ).run(entry.connection, payload.month, payload.assignee ?? null, payload.dueDate ?? null);
          break;
        case 'member.register':
          db.prepare('INSERT INTO team_member (role, display_name) VALUES (?, ?) ON CONFLICT(role) DO UPDATE SET display_name = excluded.display_name').run(
            entry.actor,
            text(payload.displayName),
          );
          break;
        default:
          mirror();
      }
    }
  }).immediate();
  return notices;
}
