import type { ReconciliationSummary, ReviewView } from '../api/types.ts';

/**
 * Put a just-saved review on the summary's own items (findings, quarantined records), so the screen
 * reflects it at once. The paged lists (rows, open items, exceptions) live in the back end, which
 * updates them itself; the window refetches what it shows (see the workspace's viewVersion).
 */
export function applyReviews(r: ReconciliationSummary, keys: ReadonlySet<string>, review: ReviewView): ReconciliationSummary {
  const withReview = <T extends { key: string; review: ReviewView | null }>(item: T): T =>
    keys.has(item.key) ? { ...item, review: { ...review, itemKey: item.key } } : item;
  if (r.kind === 'portal') return { ...r, findings: r.findings.map(withReview) };
  return { ...r, quarantined: r.quarantined.map(withReview) };
}
