/**
 * Open items: discrepancies nobody has resolved yet. Those of earlier periods come into every
 * later range, with their age, while they are open or were carried forward; once explained or
 * resolved they stay in their own period.
 */
import type { ReadableDB } from '../cache/index.ts';
import { formatMinor } from '../money/index.ts';
import { portalRowKey, type ItemKey } from '../review/keys.ts';
import type { Review } from '../review/types.ts';
import type { Connection } from '../connections/index.ts';
import { dayOfInstant, parseDay } from './dates.ts';
import type { OpenItem, PortalPeriodKind, PortalRow } from './types.ts';

export function ageInDays(periodEnd: string, now: number): number {
  const end = parseDay(periodEnd);
  return end === null ? 0 : Math.max(0, dayOfInstant(now) - end);
}

interface PriorRow {
  period_start: string;
  period_end: string;
  window_start: string;
  window_end: string;
  synced_at: string | null;
  provider_id: string;
  invoiced_minor: number;
  provider_minor: number;
}

export function portalOpenItems(
  db: ReadableDB,
  input: {
    connection: Connection;
    currency: string;
    exponent: number;
    period: PortalPeriodKind;
    from: string;
    now: number;
    rows: readonly PortalRow[];
    reviews: ReadonlyMap<ItemKey, Review>;
    classify: (difference: number, invoiced: number) => boolean;
  },
): OpenItem[] {
  const { exponent, reviews, now } = input;
  // Only a range period can be made of several windows of different dates; elsewhere a raw row
  // with no difference cannot be part of an out-of-tolerance one, so it need not be read.
  const onlyDifferent = input.period === 'range' ? '' : 'AND r.provider_minor != r.invoiced_minor';
  const prior = db
    .prepare<{ c: number; kind: string; from: string }, PriorRow>(
      `SELECT w.period_start, w.period_end, w.window_start, w.window_end, w.synced_at, r.provider_id, r.invoiced_minor, r.provider_minor
       FROM sync_window w JOIN portal_row r ON r.window_id = w.id
       WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start < @from ${onlyDifferent}`,
    )
    .all({ c: input.connection.id, kind: input.period, from: input.from });
  const latest = new Map<string, PriorRow>();
  for (const row of prior) {
    const k = `${row.period_start}|${row.window_start}|${row.window_end}|${row.provider_id}`;
    const seen = latest.get(k);
    if (!seen || (seen.synced_at ?? '') < (row.synced_at ?? '')) latest.set(k, row);
  }
  const summed = new Map<ItemKey, { providerId: string; periodStart: string; periodEnd: string; invoiced: number; provider: number }>();
  for (const row of latest.values()) {
    const key = portalRowKey(row.provider_id, row.period_start);
    const s = summed.get(key);
    if (s) {
      s.invoiced += row.invoiced_minor;
      s.provider += row.provider_minor;
    } else {
      summed.set(key, { providerId: row.provider_id, periodStart: row.period_start, periodEnd: row.period_end, invoiced: row.invoiced_minor, provider: row.provider_minor });
    }
  }

  const items: OpenItem[] = [];
  const withReviews = reviews.size > 0;
  const push = (
    key: ItemKey,
    s: { providerId: string; periodStart: string; periodEnd: string },
    difference: number,
    amount: string,
    description: string,
    carriedForward: boolean,
  ): void => {
    const review = withReviews ? (reviews.get(key) ?? null) : null;
    if (review?.state === 'resolved' || (carriedForward && review?.state === 'explained')) return;
    items.push({
      key,
      kind: 'portal_row',
      carriedForward,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
      ageDays: ageInDays(s.periodEnd, now),
      currency: input.currency,
      amount,
      amountMinor: difference,
      description,
      providerId: s.providerId,
      billingPeriodId: null,
      review,
    });
  };
  for (const [key, s] of summed) {
    const difference = s.provider - s.invoiced;
    if (input.classify(difference, s.invoiced)) push(key, s, difference, formatMinor(difference, exponent), difference > 0 ? 'PROVIDER_HIGHER' : 'PROVIDER_LOWER', true);
  }
  for (const r of input.rows) if (r.outOfTolerance) push(r.key, r, r.differenceMinor, r.difference, r.status, false);
  return byAgeThenKey(items);
}

const byKeyText = (a: OpenItem, b: OpenItem): number => b.ageDays - a.ageDays || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Oldest first, then by key. Every key here is P|provider|period, so as long as no provider id
 * holds a '|', key order is the order of "provider|" and then of the period: the providers are
 * ranked once and the items compare as integers (a range can hold 100,000 open items).
 */
function byAgeThenKey(items: OpenItem[]): OpenItem[] {
  const rankOf = new Map<string, number>();
  for (const item of items) rankOf.set(item.providerId ?? '', 0);
  const ids = [...rankOf.keys()];
  if (ids.some((id) => id.includes('|'))) return items.sort(byKeyText);
  // The default sort compares UTF-16 code units, as < does on the keys.
  ids.map((id) => `${id}|`).sort().forEach((text, i) => rankOf.set(text.slice(0, -1), i));
  const n = items.length;
  const age = new Float64Array(n);
  const provider = new Int32Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const item = items[i];
    age[i] = item?.ageDays ?? 0;
    provider[i] = rankOf.get(item?.providerId ?? '') ?? 0;
    order.push(i);
  }
  const periodOf = (i: number): string => items[i]?.periodStart ?? '';
  order.sort((i, j) => age[j]! - age[i]! || provider[i]! - provider[j]! || (periodOf(i) < periodOf(j) ? -1 : periodOf(i) > periodOf(j) ? 1 : 0));
  return order.map((i) => items[i]!);
}
