/**
 * Who prepares a connection's month, and by when. The cache keeps the current assignment of each
 * connection and month in team_assignment (what the month-end overview reads), and every change
 * is a signed audit entry ('assignment.set', subject YYYY-MM) naming what it replaced, written in
 * the same transaction. The table is only a copy of what the log says: `assignmentProblem`
 * replays the entries and names the first assignment kept otherwise (a row edited outside
 * Concilia), so `audit verify` catches it like an altered entry.
 *
 * Connections are named, not numbered, as a team server names them (each laptop numbers its own).
 */
import type { ReadableDB, WritableDB } from '../cache/index.ts';
import type { Clock } from '../deps.ts';
import type { Identity } from '../identity/identity.ts';
import { appendSigned, registerIdentity } from './audit.ts';
import type { Assignment, AssignmentUpdate, AuditVerification, ConnectionRef } from './types.ts';

interface AssignmentRow {
  connection: string;
  month: string;
  assignee: string | null;
  due_date: string | null;
  display_name: string | null;
}

const SELECT = 'SELECT a.connection, a.month, a.assignee, a.due_date, m.display_name FROM team_assignment a LEFT JOIN team_member m ON m.role = a.assignee';

function toAssignment(row: AssignmentRow): Assignment {
  return { connection: row.connection, month: row.month.slice(0, 7), assignee: row.assignee, assigneeName: row.display_name, dueDate: row.due_date };
}

/** The assignments of every connection, or of one; by connection and month. */
export function assignmentsOf(db: ReadableDB, connection?: ConnectionRef): Assignment[] {
  const rows =
    connection === undefined
      ? db.prepare<[], AssignmentRow>(`${SELECT} ORDER BY a.connection, a.month`).all()
      : db.prepare<[string], AssignmentRow>(`${SELECT} WHERE a.connection = ? ORDER BY a.month`).all(connection.name);
  return rows.map(toAssignment);
}

/** What a signed 'assignment.set' entry says (and a team server's entry, which names the same fields). */
export interface AssignmentFact {
  connection: string;
  /** YYYY-MM-01, as the table and the team server keep it. */
  month: string;
  assignee: string | null;
  dueDate: string | null;
}

/** Keep one assignment as given (a change signed here, or one pulled from the team), inside the caller's transaction. */
export function keepAssignment(db: WritableDB, fact: AssignmentFact): void {
  db.prepare(
    `INSERT INTO team_assignment (connection, month, assignee, due_date) VALUES (?, ?, ?, ?)
     ON CONFLICT(connection, month) DO UPDATE SET assignee = excluded.assignee, due_date = excluded.due_date`,
  ).run(fact.connection, fact.month, fact.assignee, fact.dueDate);
}

/**
 * Assign a connection's month (or unassign it), with the signed entry naming what it replaced; a
 * change to what is already there writes nothing. Returns the assignment as kept.
 */
export function recordAssignment(db: WritableDB, clock: Clock, identity: Identity, connection: ConnectionRef, update: AssignmentUpdate): Assignment {
  const month = `${update.month}-01`;
  db.transaction(() => {
    const before = db.prepare<[string, string], AssignmentRow>(`${SELECT} WHERE a.connection = ? AND a.month = ?`).get(connection.name, month);
    if ((before?.assignee ?? null) === update.assignee && (before?.due_date ?? null) === update.dueDate) return;
    registerIdentity(db, clock, identity);
    keepAssignment(db, { connection: connection.name, month, assignee: update.assignee, dueDate: update.dueDate });
    appendSigned(db, clock, identity, {
      action: 'assignment.set',
      connectionId: connection.id,
      subject: update.month,
      payload: {
        month,
        assignee: update.assignee,
        dueDate: update.dueDate,
        previous: before === undefined ? null : { assignee: before.assignee, dueDate: before.due_date },
      },
    });
  }).immediate();
  const kept = db.prepare<[string, string], AssignmentRow>(`${SELECT} WHERE a.connection = ? AND a.month = ?`).get(connection.name, month);
  if (!kept) throw new Error('the assignment just written cannot be read back');
  return toAssignment(kept);
}

/** Read an entry's payload as an assignment of `connection` (null when it is not one). */
export function assignmentFactOf(connection: string | null, payloadJson: string): AssignmentFact | null {
  if (connection === null) return null;
  try {
    const p = JSON.parse(payloadJson) as { month?: unknown; assignee?: unknown; dueDate?: unknown };
    const orNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    if (typeof p.month !== 'string') return null;
    return { connection, month: p.month, assignee: orNull(p.assignee), dueDate: orNull(p.dueDate) };
  } catch {
    return null;
  }
}

/** The assignments the log's own 'assignment.set' entries lead to, the later standing; each with the entry that set it. */
export function assignmentsOfLog(db: ReadableDB): Map<string, AssignmentFact & { seq: number }> {
  const facts = new Map<string, AssignmentFact & { seq: number }>();
  const rows = db.prepare<[], { seq: number; connection_name: string | null; payload_json: string }>("SELECT seq, connection_name, payload_json FROM audit_log WHERE action = 'assignment.set' ORDER BY seq");
  for (const row of rows.iterate()) {
    const fact = assignmentFactOf(row.connection_name, row.payload_json);
    if (fact !== null) facts.set(`${fact.connection}|${fact.month}`, { ...fact, seq: row.seq });
  }
  return facts;
}

/**
 * Whether every assignment kept says what the entries say (`expected`, by connection|month, each
 * with the entry that set it); null when they agree, else the verification that names the first
 * that does not. `counts` are the chain's own (entries, signatures), carried into the answer.
 */
export function assignmentProblem(
  db: ReadableDB,
  expected: ReadonlyMap<string, AssignmentFact & { seq: number | null }>,
  counts: { entries: number; signed: number },
  log = 'The audit log',
): AuditVerification | null {
  const seen = new Set<string>();
  const bad = (connection: string, month: string, seq: number | null): AuditVerification => ({
    ok: false,
    entries: counts.entries,
    signed: counts.signed,
    ...(seq === null ? {} : { firstBadSeq: seq }),
    problem: 'assignment',
    message: `${log} does not match the assignment of ${connection} for ${month.slice(0, 7)}: it was changed outside Concilia${
      seq === null ? ', and no entry of the log ever made it' : ` after entry #${seq} set it`
    }. Restore the cache from a backup and keep this copy for investigation.`,
  });
  for (const row of db.prepare<[], AssignmentRow>(`${SELECT} ORDER BY a.connection, a.month`).iterate()) {
    const key = `${row.connection}|${row.month}`;
    seen.add(key);
    const fact = expected.get(key);
    if (fact === undefined || fact.assignee !== row.assignee || fact.dueDate !== row.due_date) return bad(row.connection, row.month, fact?.seq ?? null);
  }
  for (const [key, fact] of expected) if (!seen.has(key)) return bad(fact.connection, fact.month, fact.seq);
  return null;
}
