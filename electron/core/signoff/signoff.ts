/**
 * Sign-off: a preparer, then a reviewer who is somebody else, each attesting the exact figures of
 * a range (their sha256). It sits above reconciliation (it signs what a reconciliation computed)
 * and the review store (where the sign-off is kept); when the figures change, the sign-offs are
 * voided and say why.
 */
import type { ReadableDB } from '../cache/index.ts';
import { getConnection } from '../connections/index.ts';
import type { Clock } from '../deps.ts';
import { figureChangesSince, paygFiguresText, portalFiguresText } from '../reconcile/figures.ts';
import { reconcile } from '../reconcile/reconcile.ts';
import { reviewItemsOf } from '../reconcile/review-items.ts';
import type { Reconciliation } from '../reconcile/types.ts';
import { ReviewError } from '../review/errors.ts';
import type { ReviewStore } from '../review/store.ts';
import { SIGNOFF_ROLES, type SignOffInput, type Signoff } from '../review/types.ts';

export interface SignoffDeps {
  db: ReadableDB;
  reviews: ReviewStore;
  clock: Clock;
}

/** The same text the reconciliation hashed (the PAYG result is never grouped here). */
function figuresTextOf(result: Reconciliation): string {
  const head = { connection: result.connection, from: result.from, to: result.to, period: result.period };
  return result.kind === 'portal' ? portalFiguresText(head, result.rows, result.totals) : paygFiguresText(head, result.rows, result.totals);
}

function samePerson(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

/** Sign a range: checked here, then kept (and, in team mode, vouched for by the server) by the review store. */
export async function signOff(deps: SignoffDeps, input: SignOffInput): Promise<Signoff> {
  const connection = getConnection(deps.db, input.connection);
  const author = input.author.trim();
  if (author === '') throw new ReviewError('A sign-off needs an author: say who is signing (--author NAME).');
  if (!(SIGNOFF_ROLES as readonly string[]).includes(input.role)) {
    throw new ReviewError(`The role must be preparer or reviewer, not "${String(input.role)}".`);
  }
  // Reconciling first voids any sign-off of this range whose figures have changed since.
  const result = reconcile(deps, { connection: input.connection, from: input.from, to: input.to, period: input.period, now: deps.clock() });
  if (result.coverageGaps.length > 0) {
    const first = result.coverageGaps[0];
    throw new ReviewError(
      `${connection.name} ${input.from} to ${input.to} cannot be signed off: ${result.coverageGaps.length} period(s) are not fully synced` +
        `${first ? ` (first: ${first.periodStart} to ${first.periodEnd}, ${first.status})` : ''}. Run concilia sync for this range, then sign off.`,
      'rejected',
    );
  }
  const live = deps.reviews.signoffs(connection, { from: input.from, to: input.to, period: input.period }).filter((s) => s.status === 'live');
  const sameRole = live.find((s) => s.role === input.role);
  if (sameRole) {
    throw new ReviewError(`This range is already signed off by ${sameRole.author} as ${sameRole.role} (${sameRole.signedAt}).`, 'conflict');
  }
  if (input.role === 'reviewer') {
    const preparer = live.find((s) => s.role === 'preparer');
    if (!preparer) throw new ReviewError('The reviewer signs after the preparer: this range has no live preparer sign-off yet.', 'rejected');
    if (samePerson(preparer.author, author)) {
      throw new ReviewError(`${author} prepared this range, so someone else must review it.`, 'rejected');
    }
    // Only in team mode can they differ here (each laptop syncs on its own): the reviewer is
    // told what differs, and to sync and compare, rather than signing other figures.
    if (preparer.dataHash !== result.dataHash) {
      const differs = figureChangesSince(() => figuresTextOf(result))(deps.reviews.signedFigures(preparer.id));
      throw new ReviewError(
        `The figures on this computer differ from those ${preparer.author} signed as preparer: sync ${connection.name} for ${input.from} to ${input.to}, then compare. What differs: ${differs}.`,
        'rejected',
      );
    }
  }
  return await deps.reviews.recordSignoff(
    connection,
    {
      from: input.from,
      to: input.to,
      period: input.period,
      role: input.role,
      figuresText: figuresTextOf(result),
      dataHash: result.dataHash,
      items: reviewItemsOf(result),
    },
    { name: author },
  );
}

/**
 * Re-check every live sign-off of a connection against the cache and void those whose figures
 * changed. Sync calls this after storing new data; `reconcile` does the same for the range it
 * computes. Returns the sign-offs voided now.
 */
export function revalidateSignoffs(deps: SignoffDeps, connection: string): Signoff[] {
  const c = getConnection(deps.db, connection);
  const live = deps.reviews.signoffs(c).filter((s) => s.status === 'live');
  const ranges = new Map(live.map((s) => [`${s.from}|${s.to}|${s.period}`, s]));
  const before = new Set(live.map((s) => s.id));
  for (const s of ranges.values()) {
    reconcile(deps, { connection, from: s.from, to: s.to, period: s.period, now: deps.clock() });
  }
  return deps.reviews.signoffs(c).filter((s) => s.status === 'voided' && before.has(s.id));
}
