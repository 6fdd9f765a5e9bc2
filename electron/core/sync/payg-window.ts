import { isoInstant } from '../deps.ts';
import { CancelledError } from '../http/errors.ts';
import { addDays, dateOfInstant } from '../upstream/dates.ts';
import type { PaygClient } from '../upstream/payg/client.ts';
import { FAILED_SETTLES_AFTER_DAYS, FINAL_STATUSES } from '../upstream/payg/schema.ts';
import type { CallOptions } from '../upstream/portal/client.ts';
import { writingCache } from './cache-writes.ts';
import type { PlannedWindow } from './periods.ts';
import type { RawToStore } from './raw.ts';
import { cachedStatement } from './statements.ts';
import type { WindowOutcome } from './portal-window.ts';
import { storePaygWindow, type PagedQuarantine, type PagedRecord } from './store-payg.ts';
import type { UpstreamDeps } from './types.ts';
import { findWindow } from './windows.ts';

/** Windows ending within this many days of today are always re-synced: late changes land there. */
export const PAYG_RECENT_DAYS = 35;
export const PAYG_FRESH_MS = 300_000;
/** A guard against an upstream that never stops paging. */
const MAX_PAGES = 10_000;

/**
 * Should this window be fetched again? Not when it was synced a moment ago, nor when it ended more
 * than PAYG_RECENT_DAYS ago and every billing period in it is settled: PAYMENT_COMPLETE, or
 * PAYMENT_FAILED in a window that ended more than FAILED_SETTLES_AFTER_DAYS ago. Incomplete or
 * failed windows are always fetched again. Returns why it is skipped, or null to fetch it.
 */
export function paygWindowIsSettled(deps: UpstreamDeps, connectionId: number, planned: PlannedWindow): string | null {
  const window = findWindow(deps.db, connectionId, planned);
  if (!window || window.status !== 'ok' || !window.syncedAt) return null;
  const now = deps.clock();
  if (window.syncedAt >= isoInstant(now - PAYG_FRESH_MS)) return 'synced less than 5 minutes ago';
  if (planned.window.end >= addDays(dateOfInstant(now), -PAYG_RECENT_DAYS)) return null;
  const final = new Set<string>(FINAL_STATUSES);
  if (planned.window.end < addDays(dateOfInstant(now), -FAILED_SETTLES_AFTER_DAYS)) final.add('PAYMENT_FAILED');
  const finals = [...final].map((s) => `'${s}'`).join(', ');
  const open = cachedStatement<[number, number], { n: number }>(
    deps.db,
    `SELECT count(*) AS n FROM billing_period WHERE connection_id = ? AND window_id = ? AND status NOT IN (${finals})`,
  ).get(connectionId, window.id);
  return (open?.n ?? 1) === 0 ? 'every billing period in it is settled' : null;
}

export async function syncPaygWindow(
  deps: UpstreamDeps,
  client: PaygClient,
  connectionId: number,
  planned: PlannedWindow,
  options: { force: boolean; syncRunId: number; call: CallOptions },
): Promise<WindowOutcome> {
  if (!options.force) {
    const reason = paygWindowIsSettled(deps, connectionId, planned);
    if (reason) return { kind: 'skipped', reason };
  }
  const pages: RawToStore[] = [];
  const byId = new Map<number, PagedRecord>();
  const quarantined = new Map<string, PagedQuarantine>();
  let pageSize = 0;
  let lastCount = 0;
  let received = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const fetched = await client.listPage({ page, startDateGte: planned.window.start, startDateLte: planned.window.end }, options.call);
    if (fetched.value.kind === 'past_end') break;
    const result = fetched.value.page;
    const index = pages.push({
      requestUrl: fetched.requestUrl,
      requestKey: fetched.requestKey,
      status: fetched.raw.status,
      fetchedAt: isoInstant(fetched.raw.fetchedAt),
      bodyText: fetched.raw.bodyText,
      bodyBytes: fetched.raw.bodyBytes,
    }) - 1;
    lastCount = result.count;
    // De-duplicate by id: a record seen twice (pages shifted under us) counts once, latest wins.
    for (const record of result.records) byId.set(record.id, { record, page: index });
    for (const q of result.quarantined) quarantined.set(q.recordKey ?? `${index}:${quarantined.size}:${q.reason}`, { ...q, page: index });
    received += result.resultCount;
    if (result.resultCount === 0) break;
    // The server may cap `limit`: the page size is what actually comes back.
    pageSize = Math.max(pageSize, result.resultCount);
    if (result.resultCount < pageSize) break;
    if (page * pageSize >= lastCount) break;
  }
  if (options.call.signal?.aborted) throw new CancelledError();
  const distinct = byId.size + quarantined.size;
  const complete = distinct >= lastCount;
  const shortfall = complete ? null : `The PAYG service counted ${lastCount} billing periods in this window but ${distinct} distinct ones were received (${received} results in all); sync again to complete it.`;
  const summary = writingCache(() =>
    storePaygWindow(deps.db, {
      connectionId,
      planned,
      pages,
      records: [...byId.values()],
      quarantined: [...quarantined.values()],
      complete,
      shortfall,
      at: isoInstant(deps.clock()),
      syncRunId: options.syncRunId,
    }),
  );
  return { kind: 'stored', summary };
}
