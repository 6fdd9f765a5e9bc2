/**
 * A connection's saved tolerance: checked here, kept by the review store with an audit entry for
 * every change (old -> new, who, when), so that a team's shared store holds the one every member
 * reconciles and signs with. A tolerance asked for one run only (a what-if) is never saved, and
 * never reaches a sign-off or an export.
 */
import type { ReadableDB } from '../cache/index.ts';
import { getConnection, validateTolerance } from '../connections/index.ts';
import type { ReviewStore } from './store.ts';
import type { SavedTolerance } from './types.ts';

/** Change a connection's saved tolerance; what is not given stays as it was. Returns the tolerance now saved. */
export function saveTolerance(deps: { db: ReadableDB; reviews: ReviewStore }, connection: string, change: Partial<SavedTolerance>): SavedTolerance {
  const ref = getConnection(deps.db, connection);
  const current = deps.reviews.savedTolerance(ref);
  const { abs, pct } = validateTolerance(change.absMinor ?? current.absMinor, change.pct ?? current.pct);
  const next = { absMinor: abs, pct };
  deps.reviews.saveTolerance(ref, next, ref.currency);
  return next;
}
