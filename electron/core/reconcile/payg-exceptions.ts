/**
 * PAYG exceptions: failed collections, outstanding or draft past their thresholds, and billing
 * periods stuck in one status. Only candidates are read (set-based preselection in SQL); the
 * exact day arithmetic is done here.
 */
import type { ReadableDB } from '../cache/index.ts';
import { isoInstant } from '../deps.ts';
import { currencyExponent, formatMinor } from '../money/index.ts';
import { billingPeriodKey, type ItemKey } from '../review/keys.ts';
import type { Review } from '../review/types.ts';
import { DAY_MS, dayOfInstant, daysSinceInstant, formatDay, parseDay } from './dates.ts';
import { ageInDays } from './open-items.ts';
import type { BillingStatus, OpenItem, PaygException, PaygExceptionKind } from './types.ts';

export interface Thresholds {
  outstandingDays: number;
  draftDays: number;
  stuckDays: number;
}

interface CandidateRow {
  id: number;
  loan_name: string;
  funding_source: string | null;
  start_date: string;
  end_date: string;
  status: BillingStatus;
  currency: string;
  amount_minor: number;
  status_since: string;
  first_seen_at: string;
}

const STUCK_STATUSES: ReadonlySet<BillingStatus> = new Set(['DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PENDING']);

export function candidateSql(range: 'within' | 'before'): string {
  const dates = range === 'within' ? 'start_date BETWEEN @from AND @to' : 'start_date < @from';
  return `SELECT id, loan_name, funding_source, start_date, end_date, status, currency, amount_minor, status_since, first_seen_at
    FROM billing_period INDEXED BY billing_period_open
    WHERE connection_id = @c AND status != 'PAYMENT_COMPLETE'
      AND status IN ('DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PENDING', 'PAYMENT_FAILED') AND ${dates}
      AND (status = 'PAYMENT_FAILED'
        OR (status IN ('SENT_TO_PAYMENT_SERVICE', 'PENDING') AND end_date < @outstandingCut)
        OR (status = 'DRAFT' AND end_date < @draftCut)
        OR status_since <= @stuckCut)
    ORDER BY start_date, id`;
}

function candidates(db: ReadableDB, range: 'within' | 'before', input: { connectionId: number; from: string; to: string; now: number; thresholds: Thresholds }): CandidateRow[] {
  const today = dayOfInstant(input.now);
  return db
    .prepare<Record<string, string | number>, CandidateRow>(candidateSql(range))
    .all({
      c: input.connectionId,
      from: input.from,
      to: input.to,
      outstandingCut: formatDay(today - input.thresholds.outstandingDays),
      draftCut: formatDay(today - input.thresholds.draftDays),
      // A day of slack: instants written without milliseconds sort differently; the exact test is below.
      stuckCut: isoInstant(input.now - (input.thresholds.stuckDays - 1) * DAY_MS),
    });
}

// status_since is the instant of the sync that saw the status: a handful of distinct values.
const sinceCache = new Map<string, number>();
function daysIn(since: string, now: number): number {
  const key = `${now}|${since}`;
  let days = sinceCache.get(key);
  if (days === undefined) {
    days = daysSinceInstant(since, now) ?? 0;
    if (sinceCache.size > 10_000) sinceCache.clear();
    sinceCache.set(key, days);
  }
  return days;
}

const exponents = new Map<string, number>();
function exponentOf(currency: string): number {
  let e = exponents.get(currency);
  if (e === undefined) exponents.set(currency, (e = currencyExponent(currency)));
  return e;
}

function kindsOf(row: CandidateRow, today: number, now: number, t: Thresholds): { kinds: PaygExceptionKind[]; daysPastEnd: number; daysInStatus: number } {
  const end = parseDay(row.end_date);
  const daysPastEnd = end === null ? 0 : today - end;
  const daysInStatus = daysIn(row.status_since, now);
  const kinds: PaygExceptionKind[] = [];
  if (row.status === 'PAYMENT_FAILED') kinds.push('failed');
  if ((row.status === 'SENT_TO_PAYMENT_SERVICE' || row.status === 'PENDING') && daysPastEnd > t.outstandingDays) kinds.push('outstanding_overdue');
  if (row.status === 'DRAFT' && daysPastEnd > t.draftDays) kinds.push('draft_unsent');
  if (STUCK_STATUSES.has(row.status) && daysInStatus >= t.stuckDays) kinds.push('stuck_in_status');
  return { kinds, daysPastEnd, daysInStatus };
}

export function paygExceptions(
  db: ReadableDB,
  input: { connectionId: number; from: string; to: string; now: number; thresholds: Thresholds; reviews: ReadonlyMap<ItemKey, Review> },
): PaygException[] {
  const today = dayOfInstant(input.now);
  const out: PaygException[] = [];
  for (const row of candidates(db, 'within', input)) {
    const { kinds, daysPastEnd, daysInStatus } = kindsOf(row, today, input.now, input.thresholds);
    const key = billingPeriodKey(row.id);
    for (const kind of kinds) {
      out.push({
        key,
        kind,
        id: row.id,
        loanName: row.loan_name,
        fundingSource: row.funding_source,
        startDate: row.start_date,
        endDate: row.end_date,
        status: row.status,
        currency: row.currency,
        amount: formatMinor(row.amount_minor, exponentOf(row.currency)),
        amountMinor: row.amount_minor,
        daysPastEnd,
        daysInStatus,
        statusSince: row.status_since,
        firstSeenAt: row.first_seen_at,
        review: input.reviews.get(key) ?? null,
      });
    }
  }
  return out;
}

/** Unresolved exceptions of this range and of every earlier start date, one item per billing period. */
export function paygOpenItems(
  db: ReadableDB,
  input: {
    connectionId: number;
    from: string;
    to: string;
    now: number;
    thresholds: Thresholds;
    reviews: ReadonlyMap<ItemKey, Review>;
    inRange: readonly PaygException[];
  },
): OpenItem[] {
  const today = dayOfInstant(input.now);
  const items = new Map<ItemKey, OpenItem>();
  const add = (
    row: { id: number; start: string; end: string; currency: string; amountMinor: number },
    kinds: readonly PaygExceptionKind[],
    carriedForward: boolean,
  ): void => {
    const key = billingPeriodKey(row.id);
    const review = input.reviews.get(key) ?? null;
    if (review?.state === 'resolved' || kinds.length === 0) return;
    const existing = items.get(key);
    if (existing) {
      existing.description = [...new Set([...existing.description.split(','), ...kinds])].join(',');
      return;
    }
    items.set(key, {
      key,
      kind: 'billing_period',
      carriedForward,
      periodStart: row.start,
      periodEnd: row.end,
      ageDays: ageInDays(row.end, input.now),
      currency: row.currency,
      amount: formatMinor(row.amountMinor, exponentOf(row.currency)),
      amountMinor: row.amountMinor,
      description: kinds.join(','),
      providerId: null,
      billingPeriodId: row.id,
      review,
    });
  };
  for (const row of candidates(db, 'before', input)) {
    const { kinds } = kindsOf(row, today, input.now, input.thresholds);
    add({ id: row.id, start: row.start_date, end: row.end_date, currency: row.currency, amountMinor: row.amount_minor }, kinds, true);
  }
  for (const e of input.inRange) add({ id: e.id, start: e.startDate, end: e.endDate, currency: e.currency, amountMinor: e.amountMinor }, [e.kind], false);
  return [...items.values()].sort((a, b) => b.ageDays - a.ageDays || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
