/**
 * PAYG reconciliation: billed vs collected, per currency and period (and loan or funding source),
 * ageing of what is not collected, and the exceptions an accountant must chase. The figures come
 * from one GROUP BY over a covering index; only exception candidates are read one by one.
 */
import type { ReadableDB } from '../cache/index.ts';
import { isoInstant } from '../deps.ts';
import { currencyExponent, formatMinor, percentOf } from '../money/index.ts';
import { getConnection, type Connection } from '../connections/index.ts';
import { ReconcileError } from './connection.ts';
import { paygCoverageGaps } from './coverage.ts';
import { dayOfInstant, formatDay, parseDay, periodEndOf, periodStartOf, periodsOf } from './dates.ts';
import { paygFiguresHash } from './figures.ts';
import { createPaygExceptions, EXCEPTION_LIST, fillPaygOpenItems, type ExceptionColumn, type Thresholds } from './payg-exceptions.ts';
import { ListView } from './list-view.ts';
import { createOpenItems, OPEN_ITEM_LIST, type OpenItemColumn } from './open-items.ts';
import { exact, registerSqlFunctions } from './sql-functions.ts';
import { TempTables } from './temp-tables.ts';
import type { PaygOutline } from './schemas.ts';
import { compareIds, requireDays, requireRange } from './params.ts';
import { restatementsOf } from './restatements.ts';
import { removalsOf } from './removals.ts';
import {
  AGEING_BUCKETS,
  type AgeingBucket,
  type AgeingRow,
  type BillingStatus,
  type PaygAmounts,
  type PaygGroupBy,
  type PaygGroupTotal,
  type PaygPeriodKind,
  type PaygParams,
  type OpenItem,
  type PaygException,
  type PaygRow,
  type PaygTotal,
  type QuarantinedRecord,
  type ReconcileDeps,
} from './types.ts';
import { findingKey } from '../review/keys.ts';

export const DEFAULT_THRESHOLDS: Thresholds = { outstandingDays: 14, draftDays: 7, stuckDays: 21 };

/** The one aggregation: per start date, end date, status and currency (and group), from the covering index. */
export function paygAggregateSql(groupBy: 'loan' | 'funding_source' | null): string {
  const group = groupBy === 'loan' ? ', loan_name' : groupBy === 'funding_source' ? ", COALESCE(funding_source, '')" : '';
  return `SELECT start_date, end_date, status, currency, COUNT(*), SUM(amount_minor)${group ? `${group} AS grp` : ", NULL AS grp"}
    FROM billing_period WHERE connection_id = @c AND start_date BETWEEN @from AND @to
    GROUP BY start_date, status, currency, end_date${group}`;
}

type AggregateRow = [startDate: string, endDate: string, status: BillingStatus, currency: string, count: number, amount: number, group: string | null];

class Amounts {
  count = 0;
  billed = 0;
  collected = 0;
  outstanding = 0;
  failed = 0;
  draft = 0;

  add(status: BillingStatus, count: number, amount: number): void {
    this.count += count;
    switch (status) {
      case 'DRAFT':
        this.draft = exact(this.draft + amount);
        return;
      case 'PAYMENT_COMPLETE':
        this.collected = exact(this.collected + amount);
        break;
      case 'SENT_TO_PAYMENT_SERVICE':
      case 'PENDING':
        this.outstanding = exact(this.outstanding + amount);
        break;
      case 'PAYMENT_FAILED':
        this.failed = exact(this.failed + amount);
        break;
      default:
        throw new ReconcileError(`The cache holds a billing period in an unknown status "${String(status)}": sync again.`);
    }
    this.billed = exact(this.billed + amount);
  }

  render(currency: string): PaygAmounts {
    // Billed is, by definition, what is collected, still outstanding, or failed: never anything else.
    if (this.billed !== this.collected + this.outstanding + this.failed) {
      throw new Error(`Invariant broken: billed ${this.billed} ≠ collected ${this.collected} + outstanding ${this.outstanding} + failed ${this.failed} (${currency}).`);
    }
    const e = currencyExponent(currency);
    return {
      currency,
      count: this.count,
      billed: formatMinor(this.billed, e),
      billedMinor: this.billed,
      collected: formatMinor(this.collected, e),
      collectedMinor: this.collected,
      outstanding: formatMinor(this.outstanding, e),
      outstandingMinor: this.outstanding,
      failed: formatMinor(this.failed, e),
      failedMinor: this.failed,
      draft: formatMinor(this.draft, e),
      draftMinor: this.draft,
      collectionRate: percentOf(this.collected, this.billed),
    };
  }
}

/** The connection's own thresholds (migration 0002); none on a cache opened read-only before it. */
function savedThresholds(db: ReadableDB, connectionId: number): { o: number | null; d: number | null; s: number | null } | undefined {
  try {
    return db
      .prepare<[number], { o: number | null; d: number | null; s: number | null }>(
        'SELECT payg_outstanding_days AS o, payg_draft_days AS d, payg_stuck_days AS s FROM connection WHERE id = ?',
      )
      .get(connectionId);
  } catch {
    return undefined;
  }
}

export function ageingBucket(daysPastEnd: number): AgeingBucket {
  if (daysPastEnd <= 7) return '0-7';
  if (daysPastEnd <= 30) return '8-30';
  if (daysPastEnd <= 60) return '31-60';
  if (daysPastEnd <= 90) return '61-90';
  return '90+';
}

export interface PaygAggregates {
  /** Per currency and period, never grouped: the figures a sign-off covers. */
  plainRows: PaygRow[];
  /** Per currency and period, and group when asked. */
  rows: PaygRow[];
  groups: PaygGroupTotal[];
  totals: PaygTotal[];
  ageing: AgeingRow[];
}

/**
 * The figures of a range from the one aggregation: per currency and period (and group), per
 * currency, and the ageing of what is not collected. Read by the reconciliation and, alone, by
 * the figures a sign-off covers.
 */
export function paygAggregates(
  db: ReadableDB,
  input: { connectionId: number; from: string; to: string; period: PaygPeriodKind; groupBy: PaygGroupBy | null; now: number },
): PaygAggregates {
  const { fromDay, toDay } = requireRange(input.from, input.to);
  const groupBy = input.groupBy;
  const q = { c: input.connectionId, from: input.from, to: input.to };
  const today = dayOfInstant(input.now);

  const aggregates = db.prepare<typeof q, AggregateRow>(paygAggregateSql(groupBy)).raw().all(q);
  const perPeriod = new Map<string, { currency: string; start: number; amounts: Amounts }>();
  const perGroupPeriod = new Map<string, { currency: string; start: number; group: string; amounts: Amounts }>();
  const perGroup = new Map<string, { currency: string; group: string; amounts: Amounts }>();
  const perCurrency = new Map<string, Amounts>();
  const ageing = new Map<string, { count: number; amount: number }>();
  const periodStartCache = new Map<string, number>();
  for (const [startDate, endDate, status, currency, count, amount, group] of aggregates) {
    let start = periodStartCache.get(startDate);
    if (start === undefined) {
      const day = parseDay(startDate);
      if (day === null) throw new ReconcileError(`The cache holds an unreadable start date "${startDate}": sync again.`);
      start = Math.max(periodStartOf(day, input.period), fromDay);
      periodStartCache.set(startDate, start);
    }
    const pk = `${currency}|${start}`;
    let p = perPeriod.get(pk);
    if (!p) perPeriod.set(pk, (p = { currency, start, amounts: new Amounts() }));
    p.amounts.add(status, count, amount);
    let c = perCurrency.get(currency);
    if (!c) perCurrency.set(currency, (c = new Amounts()));
    c.add(status, count, amount);
    if (groupBy !== null) {
      const g = group ?? '';
      const gpk = `${pk}|${g}`;
      let gp = perGroupPeriod.get(gpk);
      if (!gp) perGroupPeriod.set(gpk, (gp = { currency, start, group: g, amounts: new Amounts() }));
      gp.amounts.add(status, count, amount);
      const gk = `${currency}|${g}`;
      let gt = perGroup.get(gk);
      if (!gt) perGroup.set(gk, (gt = { currency, group: g, amounts: new Amounts() }));
      gt.amounts.add(status, count, amount);
    }
    if (status === 'SENT_TO_PAYMENT_SERVICE' || status === 'PENDING' || status === 'PAYMENT_FAILED') {
      const end = parseDay(endDate);
      const bucket = ageingBucket(end === null ? 0 : today - end);
      const ak = `${currency}|${bucket}`;
      const a = ageing.get(ak) ?? { count: 0, amount: 0 };
      a.count += count;
      a.amount = exact(a.amount + amount);
      ageing.set(ak, a);
    }
  }

  const periodRow = (currency: string, start: number, group: string | null, amounts: Amounts): PaygRow => ({
    ...amounts.render(currency),
    periodStart: formatDay(start),
    periodEnd: formatDay(Math.min(periodEndOf(start, input.period), toDay)),
    group,
  });
  const byCurrencyPeriod = (a: { currency: string; start: number }, b: { currency: string; start: number }): number =>
    a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : a.start - b.start;
  const plainRows = [...perPeriod.values()].sort(byCurrencyPeriod).map((p) => periodRow(p.currency, p.start, null, p.amounts));
  const rows =
    groupBy === null
      ? plainRows
      : [...perGroupPeriod.values()]
          .sort((a, b) => byCurrencyPeriod(a, b) || compareIds(a.group, b.group))
          .map((p) => periodRow(p.currency, p.start, p.group, p.amounts));
  const currencies = [...perCurrency.keys()].sort();
  const totals = currencies.map((currency) => (perCurrency.get(currency) ?? new Amounts()).render(currency));
  const groups: PaygGroupTotal[] =
    groupBy === null
      ? []
      : [...perGroup.values()]
          .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : compareIds(a.group, b.group)))
          .map((g) => ({ ...g.amounts.render(g.currency), groupBy, group: g.group }));
  const ageingRows: AgeingRow[] = currencies.flatMap((currency) =>
    AGEING_BUCKETS.map((bucket) => {
      const a = ageing.get(`${currency}|${bucket}`) ?? { count: 0, amount: 0 };
      return { currency, bucket, count: a.count, amount: formatMinor(a.amount, currencyExponent(currency)), amountMinor: a.amount };
    }),
  );
  return { plainRows, rows, groups, totals, ageing: ageingRows };
}

/** A PAYG reconciliation whose exceptions and open items stay in temporary tables until it is closed. */
export interface OpenPayg {
  kind: 'payg';
  outline: PaygOutline;
  exceptions: ListView<PaygException, ExceptionColumn>;
  openItems: ListView<OpenItem, OpenItemColumn>;
  /** sha256 of the figures a sign-off of this range covers (per currency and period, never grouped). */
  dataHash(): string;
  /** Review states changed: the quarantined records read theirs again; orders by review are forgotten. */
  reviewsChanged(): void;
  close(): void;
}

export function openPayg(deps: ReconcileDeps, params: PaygParams): OpenPayg {
  const { db } = deps;
  const connection = getConnection(db, params.connection);
  if (connection.kind !== 'payg') {
    throw new ReconcileError(`${connection.name} is a portal connection: reconcile it as invoiced vs provider-reported (period month, week or range).`);
  }
  const { fromDay, toDay } = requireRange(params.from, params.to);
  if (params.period !== 'week' && params.period !== 'month') {
    throw new ReconcileError(`For a PAYG connection the period must be week or month, not "${String(params.period)}".`);
  }
  const groupBy = params.groupBy ?? null;
  if (groupBy !== null && groupBy !== 'loan' && groupBy !== 'funding_source') {
    throw new ReconcileError(`Group by loan or funding_source, not "${String(groupBy)}".`);
  }
  const saved = savedThresholds(db, connection.id);
  const thresholds: Thresholds = {
    outstandingDays: requireDays(params.outstandingDays, saved?.o ?? DEFAULT_THRESHOLDS.outstandingDays, 'The outstanding threshold'),
    draftDays: requireDays(params.draftDays, saved?.d ?? DEFAULT_THRESHOLDS.draftDays, 'The draft threshold'),
    stuckDays: requireDays(params.stuckDays, saved?.s ?? DEFAULT_THRESHOLDS.stuckDays, 'The stuck-in-status threshold'),
  };
  registerSqlFunctions(db);
  const temp = new TempTables(db);
  // One read transaction: every figure of the reconciliation from the same snapshot of the cache.
  return db.transaction(() => build(deps, temp, { connection, params, period: params.period, groupBy, thresholds, fromDay, toDay }))();
}

function build(
  { db, reviews: store }: ReconcileDeps,
  temp: TempTables,
  input: { connection: Connection; params: PaygParams; period: PaygPeriodKind; groupBy: PaygGroupBy | null; thresholds: Thresholds; fromDay: number; toDay: number },
): OpenPayg {
  const { connection, params, period, groupBy, thresholds, fromDay, toDay } = input;
  const q = { c: connection.id, from: params.from, to: params.to };
  try {
    // Ageing, overdue days and time in status are counted to the "as of" day when one was asked, else to now.
    const agedAt = params.agedAt ?? params.now;
    const { plainRows, rows, groups, totals, ageing } = paygAggregates(db, { connectionId: connection.id, from: params.from, to: params.to, period, groupBy, now: agedAt });
    const range = { connectionId: connection.id, from: params.from, to: params.to, now: agedAt, thresholds };
    const exceptions = createPaygExceptions(temp, range);
    const openItems = createOpenItems(temp);
    fillPaygOpenItems(temp, openItems, { ...range, exceptions });

    const records = db
      .prepare<typeof q, { id: number; record_key: string | null; reason: string; detected_at: string; raw_json: string; period_start: string }>(
        `SELECT q.id, q.record_key, q.reason, q.detected_at, q.raw_json, w.period_start
         FROM sync_window w JOIN quarantine q ON q.window_id = w.id
         WHERE w.connection_id = @c AND w.window_start <= @to AND w.window_end >= @from ORDER BY q.id`,
      )
      .all(q)
      .map((r) => ({ ...r, key: findingKey('quarantined', r.record_key === null || r.record_key === '' ? `q${r.id}` : r.record_key.replaceAll('|', '/'), r.period_start) }));
    const withReviews = (): QuarantinedRecord[] => {
      const reviews = store.reviewsOfItems(connection, records.map((r) => r.key));
      return records.map((r) => ({
        key: r.key,
        id: r.id,
        recordKey: r.record_key,
        reason: r.reason,
        detectedAt: r.detected_at,
        periodStart: r.period_start,
        rawJson: r.raw_json,
        review: reviews.get(r.key) ?? null,
      }));
    };
    const quarantined = withReviews();
    const coverageGaps = paygCoverageGaps(db, q, periodsOf(fromDay, toDay, period));
    const head = { connection: connection.name, from: params.from, to: params.to, period };
    let hash: string | undefined;
    const outline: PaygOutline = {
        connection: connection.name,
        kind: 'payg',
        from: params.from,
        to: params.to,
        period,
        groupBy,
        complete: coverageGaps.length === 0 && quarantined.length === 0,
        thresholds,
        totals,
        rows,
        groups,
        ageing,
        quarantined,
        coverageGaps,
        restatements: restatementsOf(db, connection.id, params.from, params.to, null),
        // Removals (removals.ts, written by the sync): beside restatements, never in the figures.
        removals: removalsOf(db, connection.id, params.from, params.to),
        signoffs: store.signoffs(connection, { from: params.from, to: params.to, period: params.period }),
        generatedAt: isoInstant(params.now),
      };
    return {
      kind: 'payg',
      outline,
      exceptions: new ListView(temp, exceptions, connection.id, EXCEPTION_LIST),
      openItems: new ListView(temp, openItems, connection.id, OPEN_ITEM_LIST),
      // The figures are the aggregation's, small whatever the range: hashed from memory.
      dataHash: () => (hash ??= paygFiguresHash(head, plainRows, totals)),
      reviewsChanged() {
        outline.quarantined = withReviews();
        this.exceptions.reviewsChanged();
        this.openItems.reviewsChanged();
      },
      close: () => temp.dropAll(),
    };
  } catch (error) {
    temp.dropAll();
    throw error;
  }
}
