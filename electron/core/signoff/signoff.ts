/**
 * Sign-off: a preparer, then a reviewer who is somebody else, each attesting the exact figures of
 * a range (their sha256). It sits above reconciliation (it signs the figures a reconciliation
 * works out) and the review store (where the sign-off is kept); when the figures change, the
 * sign-offs are voided and say why — a write step of its own, which sync runs after storing data
 * and sign-off runs before signing. The figures are read by one streaming query, never by a
 * whole reconciliation.
 */
import { assertCacheSound, type ReadableDB } from '../cache/index.ts';
import { getConnection, type Connection } from '../connections/index.ts';
import type { Clock } from '../deps.ts';
import { rangeCoverageGaps } from '../reconcile/coverage.ts';
import { figureChangesSince, figuresHash } from '../reconcile/figures.ts';
import { rangeFiguresHash, rangeFiguresText, type FiguresRange } from '../reconcile/figures-read.ts';
import { reconcile } from '../reconcile/reconcile.ts';
import { reviewItemsOf } from '../reconcile/review-items.ts';
import { ReviewError } from '../review/errors.ts';
import { voidStaleSignoffs } from '../review/stale-signoffs.ts';
import type { ReviewStore } from '../review/store.ts';
import { SIGNOFF_ROLES, type SignOffInput, type Signoff } from '../review/types.ts';

export interface SignoffDeps {
  db: ReadableDB;
  reviews: ReviewStore;
  clock: Clock;
}

function samePerson(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

/** Sign a range: checked here, then kept (and, in team mode, vouched for by the server) by the review store. */
export async function signOff(deps: SignoffDeps, input: SignOffInput): Promise<Signoff> {
  assertCacheSound(deps.db, 'The sign-off'); // nothing is signed from a damaged cache (quick_check)
  const connection = getConnection(deps.db, input.connection);
  const author = input.author.trim();
  if (author === '') throw new ReviewError('A sign-off needs an author: say who is signing (--author NAME).');
  if (!SIGNOFF_ROLES.some((role) => role === input.role)) {
    throw new ReviewError(`The role must be preparer or reviewer, not "${String(input.role)}".`);
  }
  const range: FiguresRange = { connection: connection.name, from: input.from, to: input.to, period: input.period };
  // A sign-off of this range whose figures changed since is void before anyone signs again.
  voidStale(deps, connection, range);
  const gaps = rangeCoverageGaps(deps.db, connection, range);
  if (gaps.length > 0) {
    const first = gaps[0];
    throw new ReviewError(
      `${connection.name} ${input.from} to ${input.to} cannot be signed off: ${gaps.length} period(s) are not fully synced` +
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
    if (preparer.dataHash !== rangeFiguresHash(deps.db, range)) {
      const differs = figureChangesSince(() => rangeFiguresText(deps.db, range))(deps.reviews.signedFigures(preparer.id));
      throw new ReviewError(
        `The figures on this computer differ from those ${preparer.author} signed as preparer: sync ${connection.name} for ${input.from} to ${input.to}, then compare. What differs: ${differs}.`,
        'rejected',
      );
    }
  }
  // One streaming read of the figures: their text is kept with the sign-off, its sha256 signed.
  const figuresText = rangeFiguresText(deps.db, range);
  // The items and the state each one is in, for a team server to check against its own.
  const items = reviewItemsOf(reconcile(deps, { ...range, now: deps.clock() }));
  return await deps.reviews.recordSignoff(
    connection,
    { from: input.from, to: input.to, period: input.period, role: input.role, figuresText, dataHash: figuresHash(figuresText), items },
    { name: author },
  );
}

/**
 * Re-check every live sign-off of a connection against the cache and void those whose figures
 * changed: the write step sync runs after storing new data. Each range's figures are hashed by
 * one streaming read. Returns the sign-offs voided now.
 */
export function revalidateSignoffs(deps: SignoffDeps, connection: string): Signoff[] {
  const c = getConnection(deps.db, connection);
  const live = deps.reviews.signoffs(c).filter((s) => s.status === 'live');
  const ranges = new Map(live.map((s) => [`${s.from}|${s.to}|${s.period}`, s]));
  const before = new Set(live.map((s) => s.id));
  for (const s of ranges.values()) voidStale(deps, c, { connection: c.name, from: s.from, to: s.to, period: s.period });
  return deps.reviews.signoffs(c).filter((s) => s.status === 'voided' && before.has(s.id));
}

/** Void the live sign-offs of one range whose figures are no longer those in the cache. */
function voidStale(deps: SignoffDeps, connection: Connection, range: FiguresRange): number {
  return voidStaleSignoffs(deps.reviews, connection, {
    from: range.from,
    to: range.to,
    period: range.period,
    hash: () => rangeFiguresHash(deps.db, range),
    describeChange: figureChangesSince(() => rangeFiguresText(deps.db, range)),
  });
}
