import type { ItemKey } from '../review/keys.ts';
import type { ReviewState } from '../review/types.ts';
import type { Reconciliation } from './types.ts';

/**
 * The items of a reconciled range that must be reviewed before it is signed: out-of-tolerance
 * discrepancies and findings (portal), exceptions (PAYG), each with its state. Sign-off sends
 * them to a team server; the month-end overview counts the open ones — one rule for both.
 */
export function reviewItemsOf(result: Reconciliation): { key: ItemKey; state: ReviewState }[] {
  const state = (review: { state: ReviewState } | null): ReviewState => review?.state ?? 'open';
  if (result.kind === 'portal') {
    return [
      ...result.rows.filter((r) => r.outOfTolerance).map((r) => ({ key: r.key, state: state(r.review) })),
      ...result.findings.filter((f) => f.check !== 'coverage_gap').map((f) => ({ key: f.key, state: state(f.review) })),
    ];
  }
  return result.exceptions.map((e) => ({ key: e.key, state: state(e.review) }));
}
