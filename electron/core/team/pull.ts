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
import { fingerprintOf, verifySignature } from '../identity/identity.ts';
import { assignmentFactOf, keepAssignment, type AssignmentFact } from '../review/assignments.ts';
import { appendForeign, parseSignedText } from '../review/audit.ts';
import { z } from 'zod';
import { FigureChange, ReviewValues, VoidReason } from '../review/schemas.ts';
import { keepPulledSignoff, markPulledVoid } from '../review/signoff-rows.ts';
import type { Attested, AuditVerification, JsonValue, SignoffPeriodKind, SignoffRole } from '../review/types.ts';
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
  key_fingerprint: string | null;
  signature: string | null;
  signed_entry: string | null;
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
  figures_hash: string | null;
  attested: Attested | null;
}

/** The hash the server gave an entry (schema 0001 concilia.entry_hash, 0002 signed_entry_hash), recomputed here. */
export function teamEntryHash(e: Omit<TeamEntry, 'hash' | 'client_id' | 'signature'>): string {
  const text = [e.prev_hash, String(e.seq), e.at, e.actor, e.action, e.connection ?? '', e.subject ?? '', e.payload].join('\n');
  const base = createHash('sha256').update(text, 'utf8').digest('hex');
  if (e.key_fingerprint === null) return base;
  return createHash('sha256').update([base, e.key_fingerprint, e.signed_entry ?? ''].join('\n'), 'utf8').digest('hex');
}

/** The signing keys each role registered on the server, as the pulled log says (member.register). */
type RoleKeys = Map<string, { role: string; publicKey: string }>;

function learnKey(keys: RoleKeys, entry: TeamEntry): void {
  if (entry.action !== 'member.register') return;
  const publicKey = (JSON.parse(entry.payload) as { publicKey?: unknown }).publicKey;
  if (typeof publicKey === 'string') keys.set(fingerprintOf(publicKey), { role: entry.actor, publicKey });
}

/**
 * Whether an entry's signature holds: made by a key its role registered, over a signed text that
 * names that key and says what the entry says (connection, item, state).
 */
function checkSignature(entry: TeamEntry, keys: RoleKeys): string | null {
  if (entry.key_fingerprint === null) return null;
  const key = keys.get(entry.key_fingerprint);
  if (!key || key.role !== entry.actor) return `it is signed with a key the role ${entry.actor} never registered`;
  const signed = entry.signed_entry === null ? null : parseSignedText(entry.signed_entry);
  if (signed === null || entry.signature === null || signed.key !== entry.key_fingerprint) return 'its signed text is missing or names another key';
  if (!verifySignature(key.publicKey, Buffer.from(entry.signed_entry ?? '', 'utf8'), entry.signature)) return 'its signature does not match what it says';
  if (entry.connection !== null && signed.connection !== entry.connection) return 'it was signed for another connection';
  if (entry.action === 'review.set') {
    const said = JSON.parse(entry.payload) as { state?: unknown };
    const meant = JSON.parse(signed.payload) as { state?: unknown };
    const meantState = signed.action === 'review.reopen' ? 'open' : meant.state;
    if (signed.subject !== entry.subject || said.state !== meantState) return 'it says another item or state than its signer signed';
  }
  if (entry.action === 'assignment.set') {
    const said = assignmentFactOf(entry.connection, entry.payload);
    const meant = assignmentFactOf(signed.connection, signed.payload);
    if (signed.action !== 'assignment.set' || signed.subject !== entry.subject || said === null || meant === null || said.month !== meant.month || said.assignee !== meant.assignee || said.dueDate !== meant.dueDate) {
      return 'it says another month, assignee or due date than its signer signed';
    }
  }
  return null;
}

function checkEntry(entry: TeamEntry, prevHash: string, keys: RoleKeys): string | null {
  if (entry.prev_hash !== prevHash) return 'it does not follow from the entry this computer pulled before it';
  if (teamEntryHash(entry) !== entry.hash) return 'its contents no longer match its hash';
  const bad = checkSignature(entry, keys);
  learnKey(keys, entry);
  return bad;
}

/** The pulled copy of the team's log, checked link by link and signature by signature. */
export function verifyPulledChain(db: ReadableDB): AuditVerification {
  let prev = GENESIS;
  let entries = 0;
  let signed = 0;
  const keys: RoleKeys = new Map();
  for (const row of db.prepare<[], TeamEntry>('SELECT * FROM team_audit ORDER BY seq').iterate()) {
    const why = checkEntry(row, prev, keys);
    if (why !== null) {
      return {
        ok: false,
        entries,
        signed,
        firstBadSeq: row.seq,
        problem: 'entry',
        message: `The team's audit log as pulled to this computer has been altered at entry #${row.seq}: ${why}.`,
      };
    }
    if (row.signature !== null) signed += 1;
    prev = row.hash;
    entries += 1;
  }
  return {
    ok: true,
    entries,
    signed,
    message: entries === 0 ? '' : `The team's log as pulled: ${entries} ${entries === 1 ? 'entry' : 'entries'}, every hash verified, ${signed} ${signed === 1 ? 'signature' : 'signatures'} checked.`,
  };
}

/**
 * This laptop's own assignments the pulled log does not hold yet (queued, or sent and not pulled
 * back): they reach the server after what was pulled, so they stand here until then.
 */
const OWN_UNSEEN_ASSIGNMENTS = `SELECT o.id, o.connection, o.body_json FROM team_outbox o
  WHERE o.kind = 'assignment' AND NOT EXISTS (SELECT 1 FROM team_audit t WHERE t.action = 'assignment.set' AND json_extract(t.payload, '$.clientId') = o.client_id)`;

/**
 * The assignments the team's log as pulled leads to, the later on the server standing, then this
 * laptop's own not yet on it: what team_assignment must hold (each with the team entry that set it).
 */
export function assignmentsOfTeamLog(db: ReadableDB): Map<string, AssignmentFact & { seq: number | null }> {
  const facts = new Map<string, AssignmentFact & { seq: number | null }>();
  for (const row of db.prepare<[], TeamEntry>("SELECT * FROM team_audit WHERE action = 'assignment.set' ORDER BY seq").iterate()) {
    const fact = assignmentFactOf(row.connection, row.payload);
    if (fact !== null) facts.set(`${fact.connection}|${fact.month}`, { ...fact, seq: row.seq });
  }
  for (const row of db.prepare<[], { connection: string | null; body_json: string }>(`${OWN_UNSEEN_ASSIGNMENTS} ORDER BY o.id`).iterate()) {
    const fact = assignmentFactOf(row.connection, row.body_json);
    if (fact !== null) facts.set(`${fact.connection}|${fact.month}`, { ...fact, seq: null });
  }
  return facts;
}

function knownKeys(db: ReadableDB): RoleKeys {
  const keys: RoleKeys = new Map();
  for (const row of db.prepare<[], TeamEntry>("SELECT * FROM team_audit WHERE action = 'member.register' ORDER BY seq").iterate()) learnKey(keys, row);
  return keys;
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
      `SELECT seq::int AS seq, at, actor::text AS actor, action, connection, subject, payload, client_id::text AS client_id, prev_hash, hash,
              key_fingerprint, signature, signed_entry
         FROM concilia.audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [last?.seq ?? 0, options.pageSize ?? PAGE],
    );
    if (rows.length === 0) return { pulled, notices };
    let prev = last?.hash ?? GENESIS;
    const keys = knownKeys(db);
    for (const entry of rows) {
      const why = checkEntry(entry, prev, keys);
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
                      data_hash, figures_gzip, items, author::text AS author, signed_at, figures_hash, attested FROM concilia.signoff WHERE id = ANY($1::bigint[])`,
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
    `INSERT INTO team_audit (seq, at, actor, action, connection, subject, payload, client_id, prev_hash, hash, key_fingerprint, signature, signed_entry)
     VALUES (@seq, @at, @actor, @action, @connection, @subject, @payload, @client_id, @prev_hash, @hash, @key_fingerprint, @signature, @signed_entry)`,
  );
  const connectionOf = db.prepare<[string], { id: number; name: string }>('SELECT id, name FROM connection WHERE name = ?');
  const isOwn = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM team_outbox WHERE client_id = ?');
  const accountKnown = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM account WHERE id = ?');
  const addUnverified = db.prepare('INSERT OR IGNORE INTO account (id, display_name, verified, first_seen) VALUES (?, ?, 0, ?)');
  const keyKnown = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM account_key WHERE fingerprint = ?');
  const queued = db.prepare<[string, string, string | null], { n: number }>('SELECT 1 AS n FROM team_outbox WHERE kind = ? AND connection = ? AND subject IS ? AND pushed_at IS NULL LIMIT 1');
  const ownAssignmentUnseen = db.prepare<[string, string], { id: number }>(`${OWN_UNSEEN_ASSIGNMENTS} AND o.connection = ? AND json_extract(o.body_json, '$.month') = ? LIMIT 1`);
  const setReview = db.prepare(
    `INSERT INTO review (connection_id, item_key, state, reason, note, author, account_id, updated_at, reopened_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(connection_id, item_key) DO UPDATE SET state = excluded.state, reason = excluded.reason, note = excluded.note,
       author = excluded.author, account_id = excluded.account_id, updated_at = excluded.updated_at, reopened_json = excluded.reopened_json`,
  );
  const localSignoff = db.prepare<[number], { id: number; voided_at: string | null }>('SELECT id, voided_at FROM signoff WHERE team_id = ?');
  const member = db.prepare<[string], { display_name: string }>('SELECT display_name FROM team_member WHERE role = ?');
  const notice = db.prepare('INSERT INTO team_notice (at, connection, subject, kind, detail_json) VALUES (?, ?, ?, ?, ?)');
  const nameOf = (role: string): string => member.get(role)?.display_name ?? role;
  const notices: TeamNotice[] = [];

  db.transaction(() => {
    for (const entry of entries) {
      insert.run(entry);
      const parsed: unknown = JSON.parse(entry.payload);
      const payload = (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {}) as Payload;
      const clientId = typeof payload.clientId === 'string' ? payload.clientId : entry.client_id;
      const own = clientId !== null && isOwn.get(clientId) !== undefined;
      const local = entry.connection === null ? undefined : connectionOf.get(entry.connection);
      const signed = entry.signed_entry === null ? null : parseSignedText(entry.signed_entry);
      const author = nameOf(entry.actor);
      // The account that signed the entry (checked above) once this log knows it; otherwise the
      // member's name, unverified here.
      const account = (): string => {
        if (signed !== null && accountKnown.get(signed.actor) !== undefined) return signed.actor;
        addUnverified.run(`unverified:${author}`, author, entry.at);
        return `unverified:${author}`;
      };
      // Others' signed entries join this laptop's log as their accounts signed them, never signed
      // again here; an entry whose key this log cannot check yet stays in the team's log only.
      const mirror = (): void => {
        if (own || signed === null || entry.signature === null || entry.key_fingerprint === null) return;
        if (signed.action !== 'identity.register' && keyKnown.get(entry.key_fingerprint) === undefined) return;
        appendForeign(db, { text: entry.signed_entry ?? '', key: entry.key_fingerprint, signature: entry.signature });
      };
      switch (entry.action) {
        case 'review.set': {
          if (!local || entry.subject === null) break;
          if (queued.get('review', local.name, entry.subject) === undefined) {
            setReview.run(local.id, entry.subject, payload.state, payload.reason ?? null, payload.note ?? null, author, account(), entry.at, reopeningOf(signed));
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
          const kept = keepPulledSignoff(
            db,
            local,
            {
              from: row.range_from,
              to: row.range_to,
              period: row.period_kind,
              role: row.role,
              statementText: gunzipSync(row.figures_gzip).toString('utf8'),
              dataHash: row.data_hash,
              figuresHash: row.figures_hash ?? row.data_hash,
              attested: row.attested,
            },
            { accountId: account(), author: nameOf(row.author), signedAt: signed?.at ?? row.signed_at },
          );
          db.prepare('UPDATE signoff SET team_id = ? WHERE id = ?').run(row.id, kept.id);
          mirror();
          break;
        }
        case 'signoff.void': {
          const target = localSignoff.get(Number(payload.signoffId));
          if (!local || !target || target.voided_at !== null) break;
          markPulledVoid(db, target.id, entry.at, voidReasonOf(text(payload.reason)));
          mirror();
          break;
        }
        case 'tolerance.save':
          if (local && !own && queued.get('tolerance', local.name, null) === undefined) {
            db.prepare('UPDATE connection SET tolerance_abs_minor = ?, tolerance_pct = ? WHERE id = ?').run(Number(payload.absMinor), text(payload.pct), local.id);
          }
          mirror();
          break;
        case 'assignment.set': {
          // The later on the server stands, unless this laptop's own change of that month is still on its way there.
          const fact = assignmentFactOf(entry.connection, entry.payload);
          if (fact !== null && ownAssignmentUnseen.get(fact.connection, fact.month) === undefined) keepAssignment(db, fact);
          mirror();
          break;
        }
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

/** What a reopening signed by another laptop says (its figures changed there), as the review's mark. */
function reopeningOf(signed: ReturnType<typeof parseSignedText>): string | null {
  if (signed === null || signed.action !== 'review.reopen') return null;
  const parsed = z.object({ changes: z.array(FigureChange), previous: ReviewValues }).safeParse(JSON.parse(signed.payload));
  if (!parsed.success) return null;
  const { state, reason, note } = parsed.data.previous;
  return JSON.stringify({ at: signed.at, changes: parsed.data.changes, previous: { state, reason, note } });
}

/** A void's reason as its laptop sent it (JSON), or its words when it is not one this version reads. */
function voidReasonOf(sent: string): VoidReason {
  try {
    const parsed = VoidReason.safeParse(JSON.parse(sent));
    if (parsed.success) return parsed.data;
  } catch {
    // words, not JSON
  }
  return { kind: 'text', text: sent };
}
