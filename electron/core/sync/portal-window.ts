import { isoInstant } from '../deps.ts';
import { CancelledError } from '../http/errors.ts';
import type { PortalClient } from '../upstream/portal/client.ts';
import type { PortalRow } from '../upstream/portal/schema.ts';
import type { CallOptions } from '../upstream/portal/client.ts';
import { writingCache } from './cache-writes.ts';
import type { PlannedWindow } from './periods.ts';
import { findRecentResponse, rawOfFetched } from './raw.ts';
import type { Redactor } from './redaction.ts';
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
  options: { force: boolean; syncRunId: number; call: CallOptions; redactor: Redactor },
): Promise<WindowOutcome> {
  const query = { startDate: planned.window.start, endDate: planned.window.end, providers: planned.providers };
  // Only a complete window is left alone for 300 s: an incomplete one is always asked again.
  if (!options.force) {
    const recent = findRecentResponse(deps.db, connectionId, client.requestKey(query), isoInstant(deps.clock() - PORTAL_FRESH_MS));
    const window = findWindow(deps.db, connectionId, planned);
    if (recent && window && window.status === 'ok') {
      return { kind: 'skipped', reason: 'fetched less than 5 minutes ago' };
    }
  }
  const fetched = await client.fetchReport(query, options.call);
  // Cancelled while the answer was on its way: the window is left exactly as it was.
  if (options.call.signal?.aborted) throw new CancelledError();
  const { redactor } = options;
  const report = fetched.value;
  const summary = writingCache(() =>
    storePortalWindow(deps.db, {
      connectionId,
      planned,
      report: {
        ...report,
        rows: report.rows.map((r) => redactRow(r, redactor)),
        quarantined: report.quarantined.map((q) => ({ ...q, recordKey: redactor.textOrNull(q.recordKey), rawJson: redactor.text(q.rawJson), reason: redactor.text(q.reason) })),
      },
      raw: redactor.raw(rawOfFetched(fetched)),
      at: isoInstant(deps.clock()),
      syncRunId: options.syncRunId,
    }),
  );
  return { kind: 'stored', summary };
}

/** The row with any credential taken out of its text (the same object when there was none). */
function redactRow(row: PortalRow, redactor: Redactor): PortalRow {
  const providerId = redactor.text(row.providerId);
  const providerName = redactor.text(row.providerName);
  return providerId === row.providerId && providerName === row.providerName ? row : { ...row, providerId, providerName };
}
