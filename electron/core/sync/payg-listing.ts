/**
 * Reading one PAYG window's listing, and judging whether it can be trusted.
 *
 * Offset paging over a list that changes while it is read skips or repeats records: a deletion
 * after page 1 shifts every later record one place, and the one crossing the page boundary is
 * never listed. So a listing is trusted ("clean") only when it is self-consistent: the same
 * `count` on every page, as many distinct ids as that count, and no id listed twice with
 * different contents. Anything else is read again (a bounded number of times).
 *
 * What a clean listing cannot show: a deletion and a creation between two pages that leave the
 * count unchanged. The cache comparison that follows (payg-window.ts) still never deletes on the
 * listing's word; a record skipped that way is picked up by the next sync.
 */
import type { PaygClient } from '../upstream/payg/client.ts';
import type { BillingPeriodRecord } from '../upstream/payg/schema.ts';
import { rawJsonOf } from '../upstream/quarantine.ts';
import type { CallOptions } from '../upstream/portal/client.ts';
import type { PlannedWindow } from './periods.ts';
import { rawOfFetched, type RawToStore } from './raw.ts';
import type { PagedQuarantine, PagedRecord } from './store-payg.ts';

/** A guard against an upstream that never stops paging. */
const MAX_PAGES = 10_000;

/** One read of a window, page after page. */
export interface ListingPass {
  pages: RawToStore[];
  /** One entry per id: the first version listed (conflicting ids are in `conflicts`). */
  records: Map<number, PagedRecord>;
  /** Records set aside as unreadable, keyed by id (or a placeholder when it has none). */
  quarantined: Map<string, PagedQuarantine>;
  /** Ids listed twice with different contents, with each version's raw JSON. */
  conflicts: Map<number, string[]>;
  /** Every `count` the pages gave, in order of first appearance. */
  counts: number[];
  /** Distinct ids listed (valid, unreadable and conflicting alike). */
  distinct: number;
  /** Why this pass cannot be trusted, or null when it is clean. */
  problem: string | null;
}

/** What a record says, for telling a repeat from a different version of it. */
function contentOf(record: BillingPeriodRecord): string {
  return JSON.stringify([record.loanName, record.startDate, record.endDate, record.status, record.currency, record.amountMinor, record.fundingSource]);
}

/** Read the window once: page after page until an empty page, the end of the listing, or its count. */
export async function listOnce(client: PaygClient, planned: PlannedWindow, call: CallOptions): Promise<ListingPass> {
  const pass: ListingPass = { pages: [], records: new Map(), quarantined: new Map(), conflicts: new Map(), counts: [], distinct: 0, problem: null };
  // Numbers for ids, text for records set aside without a readable one.
  const ids = new Set<number | string>();
  let pageSize = 0;
  let highestCount = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const fetched = await client.listPage({ page, startDateGte: planned.window.start, startDateLte: planned.window.end }, call);
    if (fetched.value.kind === 'past_end') break;
    const result = fetched.value.page;
    const index = pass.pages.push(rawOfFetched(fetched)) - 1;
    if (!pass.counts.includes(result.count)) pass.counts.push(result.count);
    highestCount = Math.max(highestCount, result.count);
    for (const record of result.records) {
      ids.add(record.id);
      const first = pass.records.get(record.id);
      const unreadable = pass.quarantined.get(String(record.id));
      if (unreadable) {
        // Unreadable on one page, readable on another: two contents for one id.
        pass.conflicts.set(record.id, versionsAsSent(pass.pages, [unreadable.page, index], record.id));
      } else if (!first) {
        if (!pass.conflicts.has(record.id)) pass.records.set(record.id, { record, page: index });
      } else if (contentOf(first.record) !== contentOf(record)) {
        pass.conflicts.set(record.id, versionsAsSent(pass.pages, [first.page, index], record.id));
        pass.records.delete(record.id);
      }
    }
    for (const q of result.quarantined) {
      const key = q.recordKey ?? `page ${page} #${pass.quarantined.size}`;
      const numeric = q.recordKey !== null && /^\d+$/.test(q.recordKey) ? Number(q.recordKey) : null;
      ids.add(numeric ?? key);
      const listed = numeric === null ? undefined : pass.records.get(numeric);
      // Readable on one page, unreadable on another: two contents for one id.
      if (listed) {
        pass.conflicts.set(listed.record.id, versionsAsSent(pass.pages, [listed.page, index], listed.record.id));
        pass.records.delete(listed.record.id);
      } else pass.quarantined.set(key, { ...q, page: index });
    }
    if (result.resultCount === 0) break;
    // The server may cap `limit`: its page size is what the first page brought. Later pages
    // neither shrink nor grow it (a page padded with a repeated record must not end the paging).
    if (page === 1) pageSize = result.resultCount;
    // The highest count seen: a count that shrinks mid-way must not end the paging early.
    if (page * pageSize >= highestCount) break;
  }
  // Valid on one page and unreadable on another: the unreadable copy is part of the conflict.
  for (const id of pass.conflicts.keys()) pass.quarantined.delete(String(id));
  pass.distinct = ids.size;
  pass.problem = judge(pass);
  return pass;
}

/**
 * Every version of one id as the upstream wrote it, from the pages that listed it (read again
 * only for a conflict, which is rare): what a record set aside for it keeps as its raw JSON.
 */
function versionsAsSent(pages: readonly RawToStore[], indexes: readonly number[], id: number): string[] {
  const versions = new Set<string>();
  for (const index of new Set(indexes)) {
    const body = pages[index]?.bodyText;
    let results: unknown;
    try {
      results = body === undefined ? undefined : (JSON.parse(body) as { results?: unknown }).results;
    } catch {
      results = undefined;
    }
    if (!Array.isArray(results)) continue;
    for (const result of results as unknown[]) {
      if (typeof result === 'object' && result !== null && String((result as { id?: unknown }).id) === String(id)) versions.add(rawJsonOf(result));
    }
  }
  return [...versions];
}

function judge(pass: ListingPass): string | null {
  if (pass.counts.length > 1) return `its count changed between pages (${pass.counts.slice(0, 4).join(', then ')})`;
  const count = pass.counts[0] ?? 0;
  if (pass.distinct !== count) return `it counted ${count} billing period(s) but listed ${pass.distinct} distinct one(s)`;
  const conflict = pass.conflicts.keys().next();
  if (!conflict.done) return `billing period ${conflict.value} was listed twice with different contents`;
  return null;
}
