/**
 * The month-end overview: every connection × every month of a range, each cell saying where the
 * close stands — not synced, incomplete, N open, prepared, reviewed or voided — with, in team
 * mode, who prepares it and by when. What the cache holds is read set-based (the months each
 * connection has windows for); sign-offs and assignments come from the review store; the open
 * items of a month that is synced and not yet signed are counted by the reconciliation itself,
 * with the same rule sign-off applies (signoff/attest.ts, reviewItemsOf), so the overview never says
 * "0 open" for a month sign-off would refuse.
 */
import type { ReadableDB } from '../cache/index.ts';
import { listConnections, type Connection } from '../connections/index.ts';
import { reconcile } from '../reconcile/reconcile.ts';
import { reviewItemsOf } from '../signoff/attest.ts';
import type { ReviewStore } from '../review/store.ts';
import type { Assignment, Signoff } from '../review/types.ts';
import { ConciliaError } from '../errors.ts';
import type { CloseCell, CloseOverview, CloseSignature, CloseState } from './schemas.ts';

export interface CloseOverviewInput {
  /** First and last month, YYYY-MM. */
  from: string;
  to: string;
  /** Today (YYYY-MM-DD), for what is overdue. */
  today: string;
  now: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 36;

function monthsBetween(from: string, to: string): string[] {
  const a = MONTH.exec(from);
  const b = MONTH.exec(to);
  if (!a || !b) throw new ConciliaError('invalid_input', 'Months are written YYYY-MM, e.g. 2026-01.');
  let y = Number(a[1]);
  let m = Number(a[2]);
  const endY = Number(b[1]);
  const endM = Number(b[2]);
  const out: string[] = [];
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (out.length > MAX_MONTHS) throw new ConciliaError('invalid_input', `The overview shows at most ${MAX_MONTHS} months at a time.`);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  if (out.length === 0) throw new ConciliaError('invalid_input', 'The first month must not be after the last.');
  return out;
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const day = new Date(Date.UTC(y ?? 1970, m ?? 1, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** The months each connection has any stored window overlapping (one query for the whole range). */
function syncedMonths(db: ReadableDB, from: string, to: string): Set<string> {
  const rows = db
    .prepare<{ from: string; to: string }, { connection_id: number; month: string }>(
      `WITH RECURSIVE month(start) AS (SELECT date(@from) UNION ALL SELECT date(start, '+1 month') FROM month WHERE start < date(@to))
       SELECT DISTINCT w.connection_id, substr(m.start, 1, 7) AS month
         FROM month m JOIN sync_window w ON w.window_start <= date(m.start, '+1 month', '-1 day') AND w.window_end >= m.start
        WHERE w.synced_at IS NOT NULL`,
    )
    .all({ from: `${from}-01`, to: `${to}-01` });
  return new Set(rows.map((r) => `${r.connection_id}|${r.month}`));
}

function signature(s: Signoff | undefined): CloseSignature | null {
  return s ? { author: s.author, signedAt: s.signedAt } : null;
}

function cellOf(deps: { db: ReadableDB; reviews: ReviewStore }, c: Connection, month: string, synced: boolean, input: CloseOverviewInput, team: Assignment | undefined): CloseCell {
  const from = `${month}-01`;
  const to = lastDay(month);
  // Reads only: a sign-off whose figures changed was voided by the sync that stored them.
  const result = synced ? reconcile(deps, { connection: c.name, from, to, period: 'month', now: input.now }) : null;
  const monthly = deps.reviews.signoffs(c, { from, to, period: 'month' });
  const live = monthly.filter((s) => s.status === 'live');
  const preparer = live.find((s) => s.role === 'preparer');
  const reviewer = live.find((s) => s.role === 'reviewer');
  const lastVoided = [...monthly].reverse().find((s) => s.status === 'voided');
  const assignee = team?.assigneeName ?? team?.assignee ?? null;
  const dueDate = team?.dueDate ?? null;
  const cell = (state: CloseState, openItems: number | null): CloseCell => ({
    connection: c.name,
    month,
    from,
    to,
    state,
    openItems,
    preparer: signature(preparer),
    reviewer: signature(reviewer),
    voidReason: state === 'voided' ? (lastVoided?.voidReason ?? null) : null,
    assignee,
    dueDate,
    overdue: dueDate !== null && dueDate < input.today && state !== 'reviewed',
  });
  if (preparer && reviewer) return cell('reviewed', 0);
  if (preparer) return cell('prepared', 0);
  if (result === null) return cell(lastVoided ? 'voided' : 'not_synced', null);
  // Some of the month is in the cache, not all of it (or a window failed or stopped short).
  if (result.coverageGaps.length > 0) return cell('incomplete', null);
  const open = reviewItemsOf(result).filter((i) => i.state === 'open').length;
  // A sign-off voided by a restatement, and nobody has signed again: that is what to show.
  return cell(lastVoided ? 'voided' : 'open', open);
}

export function closeOverview(deps: { db: ReadableDB; reviews: ReviewStore; team: boolean }, input: CloseOverviewInput): CloseOverview {
  const months = monthsBetween(input.from, input.to);
  const connections = listConnections(deps.db);
  const synced = syncedMonths(deps.db, months[0] ?? input.from, months[months.length - 1] ?? input.to);
  const assigned = new Map(deps.team ? deps.reviews.assignments().map((a) => [`${a.connection}|${a.month}`, a]) : []);
  const cells: CloseCell[] = [];
  for (const c of connections) {
    for (const month of months) cells.push(cellOf(deps, c, month, synced.has(`${c.id}|${month}`), input, assigned.get(`${c.name}|${month}`)));
  }
  return { months, connections: connections.map((c) => ({ name: c.name, kind: c.kind })), cells, team: deps.team };
}
