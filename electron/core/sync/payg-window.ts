import type { CacheDatabase } from '../cache/index.ts';
import { isoInstant } from '../deps.ts';
import { CancelledError, UpstreamError } from '../http/errors.ts';
import { addDays, dateOfInstant } from '../upstream/dates.ts';
import type { PaygClient } from '../upstream/payg/client.ts';
import { FAILED_SETTLES_AFTER_DAYS, FINAL_STATUSES } from '../upstream/payg/schema.ts';
import type { CallOptions } from '../upstream/portal/client.ts';
import { writingCache } from './cache-writes.ts';
import { listOnce, type ListingPass } from './payg-listing.ts';
import type { PlannedWindow } from './periods.ts';
import { rawOfFetched } from './raw.ts';
import type { Redactor } from './redaction.ts';
import { cachedStatement } from './statements.ts';
import type { WindowOutcome } from './portal-window.ts';
import { storePaygWindow, type PagedQuarantine, type PagedRecord, type PagedRemoval } from './store-payg.ts';
import type { UpstreamDeps } from './types.ts';
import { findWindow } from './windows.ts';

/** Windows ending within this many days of today are always re-synced: late changes land there. */
export const PAYG_RECENT_DAYS = 35;
export const PAYG_FRESH_MS = 300_000;
/** Reads of one window before it is declared unsettled: the first and two more. */
export const MAX_LISTINGS = 3;
/** Records confirmed one by one per window; more than that waits for the next sync. */
export const MAX_CONFIRMATIONS = 500;

/** Errors a confirmation cannot get past: every other request would hit them too. */
const STOPPING_KINDS = new Set(['auth', 'permission', 'redirect', 'retry_later']);

/**
 * Should this window be fetched again? Not when it was synced completely a moment ago, nor when
 * it ended more than PAYG_RECENT_DAYS ago and every billing period in it is settled:
 * PAYMENT_COMPLETE, or PAYMENT_FAILED in a window that ended more than FAILED_SETTLES_AFTER_DAYS
 * ago. Incomplete or failed windows are always fetched again. Returns why it is skipped, or null.
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

/**
 * Sync one PAYG window without ever losing a record:
 *
 * 1. List it until a listing is clean (payg-listing.ts), at most MAX_LISTINGS times.
 * 2. Confirm with the retrieve endpoint, one id at a time, every record the listing cannot
 *    vouch for: ids listed with two contents, ids an earlier read listed and the last did not,
 *    and (after a clean listing only) ids the cache holds for this window that it did not list.
 *    200: the record exists; it is stored from that answer. 404: it is gone; it moves to the
 *    removal history. Anything else: it is set aside, or kept as the cache had it.
 * 3. Store everything in one transaction. The window is complete only when the listing was clean
 *    and every confirmation answered; otherwise it says why, and a plain sync tries it again.
 */
export async function syncPaygWindow(
  deps: UpstreamDeps,
  client: PaygClient,
  connectionId: number,
  planned: PlannedWindow,
  options: { force: boolean; syncRunId: number; call: CallOptions; redactor: Redactor },
): Promise<WindowOutcome> {
  if (!options.force) {
    const reason = paygWindowIsSettled(deps, connectionId, planned);
    if (reason) return { kind: 'skipped', reason };
  }
  const passes: ListingPass[] = [];
  let last = await listOnce(client, planned, options.call);
  passes.push(last);
  while (last.problem !== null && passes.length < MAX_LISTINGS) {
    last = await listOnce(client, planned, options.call);
    passes.push(last);
  }
  if (options.call.signal?.aborted) throw new CancelledError();

  const pages = [...last.pages];
  const records: PagedRecord[] = [...last.records.values()];
  const quarantined: PagedQuarantine[] = [...last.quarantined.values()];
  const removals: PagedRemoval[] = [];
  const problems: string[] = [];
  if (last.problem !== null) {
    problems.push(
      `The PAYG service's listing of this window did not hold still over ${passes.length} reads: ${last.problem}. What the cache had is kept, and nothing leaves it unless the service confirms it gone by id; sync again to complete it`,
    );
  }

  const toConfirm = idsToConfirm(deps.db, connectionId, planned, passes);
  const confirming = toConfirm.slice(0, MAX_CONFIRMATIONS);
  if (toConfirm.length > confirming.length) {
    problems.push(`${toConfirm.length} billing period(s) need confirming one by one; ${confirming.length} were, the rest will be on the next sync`);
  }
  let unconfirmed = 0;
  for (const { id, conflict } of confirming) {
    let fetched;
    try {
      fetched = await client.retrieve(id, options.call);
    } catch (error) {
      if (!(error instanceof UpstreamError) || STOPPING_KINDS.has(error.kind)) throw error;
      unconfirmed++;
      // Listed with two contents and unconfirmed: set aside, never one version stored blindly.
      if (conflict) quarantined.push({ recordKey: String(id), rawJson: `[${conflict.join(',')}]`, reason: `Billing period ${id} was listed twice with different contents and could not be confirmed (${error.message}); it was set aside and the cache keeps what it had.`, page: 0 });
      continue;
    }
    const page = pages.push(rawOfFetched(fetched)) - 1;
    const answer = fetched.value;
    if (answer.kind === 'gone') removals.push({ id, page });
    else if (answer.outcome.ok) records.push({ record: answer.outcome.record, page, confirmed: true });
    else quarantined.push({ ...answer.outcome.quarantined, page });
  }
  if (unconfirmed > 0) problems.push(`${unconfirmed} billing period(s) could not be confirmed with the PAYG service; the cache keeps what it had for them`);
  if (options.call.signal?.aborted) throw new CancelledError();

  const complete = problems.length === 0;
  const summary = writingCache(() =>
    storePaygWindow(deps.db, {
      connectionId,
      planned,
      pages: pages.map((p) => options.redactor.raw(p)),
      records: records.map((r) => redactRecord(r, options.redactor)),
      quarantined: quarantined.map((q) => ({ ...q, rawJson: options.redactor.text(q.rawJson), reason: options.redactor.text(q.reason) })),
      removals,
      complete,
      shortfall: complete ? null : options.redactor.text(`${problems.join('. ')}.`),
      at: isoInstant(deps.clock()),
      syncRunId: options.syncRunId,
    }),
  );
  return { kind: 'stored', summary };
}

/** The record with any credential taken out of its text (the same object when there was none). */
function redactRecord(paged: PagedRecord, redactor: Redactor): PagedRecord {
  const { loanName, fundingSource } = paged.record;
  const name = redactor.text(loanName);
  const source = redactor.textOrNull(fundingSource);
  return name === loanName && source === fundingSource ? paged : { ...paged, record: { ...paged.record, loanName: name, fundingSource: source } };
}

interface Confirmation {
  id: number;
  /** The two versions, when it was listed with two contents. */
  conflict?: string[];
}

/**
 * Ids whose existence the listing cannot vouch for, in id order: conflicts in the last read,
 * ids earlier reads listed and the last did not, and, when the last read is clean, ids the cache
 * holds in this window's dates that it did not list. Never deleted on one listing's word.
 */
function idsToConfirm(db: CacheDatabase, connectionId: number, planned: PlannedWindow, passes: readonly ListingPass[]): Confirmation[] {
  const last = passes[passes.length - 1];
  if (!last) return [];
  const listed = (id: number): boolean => last.records.has(id) || last.quarantined.has(String(id)) || last.conflicts.has(id);
  const out = new Map<number, Confirmation>();
  for (const [id, versions] of last.conflicts) out.set(id, { id, conflict: versions });
  for (const pass of passes.slice(0, -1)) {
    for (const id of pass.records.keys()) if (!listed(id)) out.set(id, { id });
    for (const id of pass.conflicts.keys()) if (!listed(id)) out.set(id, { id });
  }
  if (last.problem === null) {
    const cached = cachedStatement<[number, string, string], { id: number }>(db, 'SELECT id FROM billing_period WHERE connection_id = ? AND start_date BETWEEN ? AND ?').all(
      connectionId,
      planned.window.start,
      planned.window.end,
    );
    for (const { id } of cached) if (!listed(id) && !out.has(id)) out.set(id, { id });
  }
  return [...out.values()].sort((a, b) => a.id - b.id);
}
