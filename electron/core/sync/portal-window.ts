import { isoInstant } from '../deps.ts';
import { CancelledError } from '../http/errors.ts';
import type { PortalClient } from '../upstream/portal/client.ts';
import type { CallOptions } from '../upstream/portal/client.ts';
import { writingCache } from './cache-writes.ts';
import type { PlannedWindow } from './periods.ts';
import { findRecentResponse } from './raw.ts';
import { storePortalWindow, type StoredWindowSummary } from './store-portal.ts';
import type { UpstreamDeps } from './types.ts';
import { findWindow } from './windows.ts';

/** The portal caches each answer for 300 s: asking again sooner returns nothing new. */
export const PORTAL_FRESH_MS = 300_000;

export type WindowOutcome = { kind: 'stored'; summary: StoredWindowSummary } | { kind: 'skipped'; reason: string };

export async function syncPortalWindow(
  deps: UpstreamDeps,
  client: PortalClient,
  connectionId: number,
  planned: PlannedWindow,
  options: { force: boolean; syncRunId: number; call: CallOptions },
): Promise<WindowOutcome> {
  const query = { startDate: planned.window.start, endDate: planned.window.end, providers: planned.providers };
  if (!options.force) {
    const recent = findRecentResponse(deps.db, connectionId, client.requestKey(query), isoInstant(deps.clock() - PORTAL_FRESH_MS));
    const window = findWindow(deps.db, connectionId, planned);
    if (recent && window && window.status !== 'failed') {
      return { kind: 'skipped', reason: 'fetched less than 5 minutes ago' };
    }
  }
  const fetched = await client.fetchReport(query, options.call);
  // Cancelled while the answer was on its way: the window is left exactly as it was.
  if (options.call.signal?.aborted) throw new CancelledError();
  const summary = writingCache(() =>
    storePortalWindow(deps.db, {
      connectionId,
      planned,
      report: fetched.value,
      raw: {
        requestUrl: fetched.requestUrl,
        requestKey: fetched.requestKey,
        status: fetched.raw.status,
        fetchedAt: isoInstant(fetched.raw.fetchedAt),
        bodyText: fetched.raw.bodyText,
        bodyBytes: fetched.raw.bodyBytes,
      },
      at: isoInstant(deps.clock()),
      syncRunId: options.syncRunId,
    }),
  );
  return { kind: 'stored', summary };
}
