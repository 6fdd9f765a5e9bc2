/**
 * Sign-off: a preparer, then a reviewer who is somebody else, each attesting the exact figures of
 * a range (their sha256). When the figures change, the sign-offs are voided and say why.
 */
import type { CacheDatabase } from '../cache/index.ts';
import type { Clock } from '../deps.ts';
import { findConnection, ReconcileError } from '../reconcile/connection.ts';
import { paygFiguresText, portalFiguresText } from '../reconcile/figures.ts';
import { reconcile } from '../reconcile/reconcile.ts';
import type { Reconciliation } from '../reconcile/types.ts';
import { insertSignoff, signoffsOf } from './signoff-store.ts';
import { SIGNOFF_ROLES, type SignOffInput, type Signoff, type SignoffRange } from './types.ts';

/** The same text the reconciliation hashed (the PAYG result is never grouped here). */
function figuresTextOf(result: Reconciliation): string {
  const head = { connection: result.connection, from: result.from, to: result.to, period: result.period };
  return result.kind === 'portal' ? portalFiguresText(head, result.rows, result.totals) : paygFiguresText(head, result.rows, result.totals);
}

function samePerson(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

export function signOff(db: CacheDatabase, clock: Clock, input: SignOffInput): Signoff {
  const connection = findConnection(db, input.connection);
  const author = input.author.trim();
  if (author === '') throw new ReconcileError('A sign-off needs an author: say who is signing (--author NAME).');
  if (!(SIGNOFF_ROLES as readonly string[]).includes(input.role)) {
    throw new ReconcileError(`The role must be preparer or reviewer, not "${String(input.role)}".`);
  }
  // Reconciling first voids any sign-off of this range whose figures have changed since.
  const result = reconcile(db, { connection: input.connection, from: input.from, to: input.to, period: input.period, now: clock() });
  if (result.coverageGaps.length > 0) {
    const first = result.coverageGaps[0];
    throw new ReconcileError(
      `${connection.name} ${input.from} to ${input.to} cannot be signed off: ${result.coverageGaps.length} period(s) are not fully synced` +
        `${first ? ` (first: ${first.periodStart} to ${first.periodEnd}, ${first.status})` : ''}. Run concilia sync for this range, then sign off.`,
    );
  }
  const live = signoffsOf(db, connection.id, connection.name, { from: input.from, to: input.to, period: input.period }).filter((s) => s.status === 'live');
  const sameRole = live.find((s) => s.role === input.role);
  if (sameRole) {
    throw new ReconcileError(`This range is already signed off by ${sameRole.author} as ${sameRole.role} (${sameRole.signedAt}).`);
  }
  if (input.role === 'reviewer') {
    const preparer = live.find((s) => s.role === 'preparer');
    if (!preparer) throw new ReconcileError('The reviewer signs after the preparer: this range has no live preparer sign-off yet.');
    if (samePerson(preparer.author, author)) {
      throw new ReconcileError(`${author} prepared this range, so someone else must review it.`);
    }
  }
  const figuresText = figuresTextOf(result);
  return insertSignoff(db, clock, {
    connectionId: connection.id,
    connection: connection.name,
    from: input.from,
    to: input.to,
    period: input.period,
    role: input.role,
    author,
    figuresText,
    hash: result.dataHash,
  });
}

export function listSignoffs(db: CacheDatabase, connection: string, range?: SignoffRange): Signoff[] {
  const c = findConnection(db, connection);
  return signoffsOf(db, c.id, c.name, range);
}

/**
 * Re-check every live sign-off of a connection against the cache and void those whose figures
 * changed. Sync calls this after storing new data; `reconcile` does the same for the range it
 * computes. Returns the sign-offs voided now.
 */
export function revalidateSignoffs(db: CacheDatabase, clock: Clock, connection: string): Signoff[] {
  const c = findConnection(db, connection);
  const live = signoffsOf(db, c.id, c.name).filter((s) => s.status === 'live');
  const ranges = new Map(live.map((s) => [`${s.from}|${s.to}|${s.period}`, s]));
  const before = new Set(live.map((s) => s.id));
  for (const s of ranges.values()) {
    reconcile(db, { connection, from: s.from, to: s.to, period: s.period, now: clock() });
  }
  return signoffsOf(db, c.id, c.name).filter((s) => s.status === 'voided' && before.has(s.id));
}
