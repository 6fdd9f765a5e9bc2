import type { Reconciliation, ReviewView } from '../api/types.ts';

/**
 * Put a just-saved review on every item with one of `keys`, so the screen reflects it at once
 * without re-running a (possibly 100,000-row) reconciliation.
 */
export function applyReviews(r: Reconciliation, keys: ReadonlySet<string>, review: ReviewView): Reconciliation {
  const withReview = <T extends { key: string; review: ReviewView | null }>(item: T): T =>
    keys.has(item.key) ? { ...item, review: { ...review, itemKey: item.key } } : item;
  const openItems = r.openItems.map(withReview);
  if (r.kind === 'portal') {
    return { ...r, rows: r.rows.map(withReview), findings: r.findings.map(withReview), openItems };
  }
  return { ...r, exceptions: r.exceptions.map(withReview), quarantined: r.quarantined.map(withReview), openItems };
}
