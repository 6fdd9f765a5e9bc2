/**
 * How many discrepancies (out-of-tolerance portal rows, PAYG exceptions) are open, explained or
 * resolved: counted by the back end over the whole view (a page of zero rows answers the total).
 */
import { useEffect, useState } from 'react';
import { useCall } from '../api/api-context.tsx';
import type { ReconciliationSummary, ReviewState } from '../api/types.ts';

export interface ReviewCounts {
  total: number;
  open: number;
  explained: number;
  resolved: number;
}

const STATES: readonly ReviewState[] = ['open', 'explained', 'resolved'];
const NONE: ReviewCounts = { total: 0, open: 0, explained: 0, resolved: 0 };

export function useReviewCounts(r: ReconciliationSummary | null, version: number): ReviewCounts {
  // Quiet: an expired view only leaves the counts at zero; the screens that page it say why.
  const call = useCall({ quiet: true });
  const [counts, setCounts] = useState<ReviewCounts>(NONE);
  const viewId = r?.view.id ?? null;
  const kind = r?.kind ?? null;
  useEffect(() => {
    if (viewId === null || kind === null) return;
    let live = true;
    const count = (review?: ReviewState) =>
      call('reconcile:rows', {
        viewId,
        offset: 0,
        limit: 0,
        ...(kind === 'portal'
          ? { list: 'rows' as const, filter: { classes: ['PROVIDER_HIGHER' as const, 'PROVIDER_LOWER' as const], ...(review ? { review: [review] } : {}) } }
          : { list: 'exceptions' as const, ...(review ? { filter: { review: [review] } } : {}) }),
      }).then((page) => page?.total ?? 0);
    void Promise.all([count(), ...STATES.map((s) => count(s))]).then(([total = 0, open = 0, explained = 0, resolved = 0]) => {
      if (live) setCounts({ total, open, explained, resolved });
    });
    return () => {
      live = false;
    };
  }, [call, viewId, kind, version]);
  return viewId === null ? NONE : counts;
}
