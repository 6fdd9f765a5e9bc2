import { getConnection } from '../connections/index.ts';
import { isoInstant } from '../deps.ts';
import type { BillingPeriodRecord } from '../upstream/payg/schema.ts';
import { mapPaygError } from '../upstream/payg/errors.ts';
import { writingCache } from './cache-writes.ts';
import { paygClientFor, type ClientOverrides } from './clients.ts';
import { billingPeriodKey } from '../review/keys.ts';
import { rawOfFetched } from './raw.ts';
import { redactorFor } from './redaction.ts';
import { storeSingleBillingPeriod, type SingleOutcome } from './store-payg.ts';
import { reopenRestatedItem } from './reopen.ts';
import { SyncError, type SyncDeps } from './types.ts';

export interface RefreshResult {
  /** The record as stored now; null when the upstream's answer was quarantined or it is gone. */
  record: BillingPeriodRecord | null;
  restatements: number;
  /** True when the upstream no longer has it (404) and it moved to the removal history. */
  removed: boolean;
  message: string;
}

/** Re-read one PAYG billing period by its upstream id and store it (with restatements). */
export async function refreshBillingPeriod(deps: SyncDeps, name: string, id: number, options: ClientOverrides & { signal?: AbortSignal } = {}): Promise<RefreshResult> {
  const connection = getConnection(deps.db, name);
  if (connection.kind !== 'payg') throw new SyncError(`Connection "${name}" is a portal connection: only PAYG billing periods can be refreshed one by one.`);
  const client = await paygClientFor(deps, connection, options);
  const redactor = await redactorFor(deps, connection.name);
  const fetched = await client.retrieve(id, { signal: options.signal });
  const answer = fetched.value;
  const outcome: SingleOutcome =
    answer.kind === 'gone'
      ? { kind: 'gone', id }
      : answer.outcome.ok
        ? { kind: 'record', record: { ...answer.outcome.record, loanName: redactor.text(answer.outcome.record.loanName), fundingSource: redactor.textOrNull(answer.outcome.record.fundingSource) } }
        : { kind: 'quarantined', quarantined: { ...answer.outcome.quarantined, rawJson: redactor.text(answer.outcome.quarantined.rawJson), reason: redactor.text(answer.outcome.quarantined.reason) } };
  const at = isoInstant(deps.clock());
  const stored = writingCache(() => storeSingleBillingPeriod(deps.db, { connectionId: connection.id, outcome, raw: redactor.raw(rawOfFetched(fetched)), at }));
  // A changed figure reopens the item's review (its restatements are those recorded at `at`).
  if (stored.restatements > 0) reopenRestatedItem(deps.db, deps.reviews, connection, billingPeriodKey(id), at);
  if (outcome.kind === 'gone') {
    if (!stored.removed) throw mapPaygError(fetched.raw, `billing period ${id}`, { secrets: [], nowMs: deps.clock() });
    return { record: null, restatements: stored.restatements, removed: true, message: `Billing period ${id} no longer exists at the PAYG service (404): it left the figures and is kept in the removal history.` };
  }
  if (outcome.kind === 'quarantined') return { record: null, restatements: 0, removed: false, message: `Billing period ${id} was set aside: ${outcome.quarantined.reason}` };
  return {
    record: outcome.record,
    restatements: stored.restatements,
    removed: false,
    message: stored.restatements > 0 ? `Billing period ${id} refreshed: ${stored.restatements} change(s) recorded.` : `Billing period ${id} refreshed: no change.`,
  };
}
