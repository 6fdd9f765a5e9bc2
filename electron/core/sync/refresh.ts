import { getConnection } from '../connections/index.ts';
import { isoInstant } from '../deps.ts';
import type { BillingPeriodRecord } from '../upstream/payg/schema.ts';
import { writingCache } from './cache-writes.ts';
import { paygClientFor, type ClientOverrides } from './clients.ts';
import { billingPeriodKey } from '../review/keys.ts';
import { reopenRestatedItem } from './reopen.ts';
import { storeSingleBillingPeriod } from './store-payg.ts';
import { SyncError, type SyncDeps } from './types.ts';

export interface RefreshResult {
  /** The record as stored now; null when the upstream's answer was quarantined. */
  record: BillingPeriodRecord | null;
  restatements: number;
  message: string;
}

/** Re-read one PAYG billing period by its upstream id and store it (with restatements). */
export async function refreshBillingPeriod(deps: SyncDeps, name: string, id: number, options: ClientOverrides & { signal?: AbortSignal } = {}): Promise<RefreshResult> {
  const connection = getConnection(deps.db, name);
  if (connection.kind !== 'payg') throw new SyncError(`Connection "${name}" is a portal connection: only PAYG billing periods can be refreshed one by one.`);
  const client = await paygClientFor(deps, connection, options);
  const fetched = await client.getRecord(id, { signal: options.signal });
  const outcome = fetched.value;
  const raw = { requestUrl: fetched.requestUrl, requestKey: fetched.requestKey, status: fetched.raw.status, fetchedAt: isoInstant(fetched.raw.fetchedAt), bodyText: fetched.raw.bodyText, bodyBytes: fetched.raw.bodyBytes };
  const at = isoInstant(deps.clock());
  if (!outcome.ok) {
    writingCache(() => storeSingleBillingPeriod(deps.db, { connectionId: connection.id, record: null, quarantined: outcome.quarantined, raw, at }));
    return { record: null, restatements: 0, message: `Billing period ${id} was set aside: ${outcome.quarantined.reason}` };
  }
  const { restatements } = writingCache(() => storeSingleBillingPeriod(deps.db, { connectionId: connection.id, record: outcome.record, quarantined: null, raw, at }));
  if (restatements > 0) reopenRestatedItem(deps.db, deps.reviews, connection, billingPeriodKey(id), at);
  return {
    record: outcome.record,
    restatements,
    message: restatements > 0 ? `Billing period ${id} refreshed: ${restatements} change(s) recorded.` : `Billing period ${id} refreshed: no change.`,
  };
}
