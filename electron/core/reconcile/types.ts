/**
 * Reconciliation result types: the shared contract between reconcile, export, CLI and UI.
 *
 * Every amount is given twice: as an exact decimal string in its currency (`invoiced`) and as the
 * integer minor units (`invoicedMinor`), so nobody downstream ever re-parses or adds floats.
 * Adding fields is fine; renaming or removing one breaks the export and the UI.
 */
import type { ReadableDB } from '../cache/index.ts';
import type { ItemKey } from '../review/keys.ts';
import type { ReviewStore } from '../review/store.ts';
import type { Review, Signoff } from '../review/types.ts';

export type PortalPeriodKind = 'month' | 'week' | 'range';
export type PaygPeriodKind = 'week' | 'month';
export type PaygGroupBy = 'loan' | 'funding_source';

// ───────────────────────────── parameters ─────────────────────────────

/**
 * What a reconciliation reads: the figures in the cache and the review layer's states, sign-offs
 * and saved tolerance. The store is writable only while reconciling still voids a stale
 * sign-off of its range on the way; once that is its own step, a `ReviewReader` is enough.
 */
export interface ReconcileDeps {
  db: ReadableDB;
  reviews: ReviewStore;
}

export interface PortalParams {
  connection: string;
  from: string;
  to: string;
  period: PortalPeriodKind;
  /** Decimal in the connection's currency; overrides connection.tolerance_abs_minor for this run. */
  toleranceAbs?: string;
  /** Exact decimal percent of |invoiced|; overrides connection.tolerance_pct for this run. */
  tolerancePct?: string;
  /** Clock reading (ms): ages and sign-off checks are relative to it. */
  now: number;
  /** The instant ages and overdue days are counted to (an "as of" date); default `now`. */
  agedAt?: number;
}

export interface PaygParams {
  connection: string;
  from: string;
  to: string;
  period: PaygPeriodKind;
  groupBy?: PaygGroupBy;
  /** Outstanding this many days past the period end is an exception (default 14). */
  outstandingDays?: number;
  /** A draft not sent this many days past the period end is an exception (default 7). */
  draftDays?: number;
  /** In the same status this many days is an exception (default 21). */
  stuckDays?: number;
  now: number;
  /** The instant ages and overdue days are counted to (an "as of" date); default `now`. */
  agedAt?: number;
}

/** `reconcile()` takes either; `period` is validated against the connection's kind. */
export interface ReconcileParams {
  connection: string;
  from: string;
  to: string;
  period?: PortalPeriodKind;
  toleranceAbs?: string;
  tolerancePct?: string;
  groupBy?: PaygGroupBy;
  outstandingDays?: number;
  draftDays?: number;
  stuckDays?: number;
  now: number;
  /** The instant ages and overdue days are counted to (an "as of" date); default `now`. */
  agedAt?: number;
}

// ───────────────────────────── shared pieces ─────────────────────────────

/** A figure that changed upstream after it was first synced (from the `restatement` table). */
export interface Restatement {
  id: number;
  key: ItemKey;
  entity: 'portal_row' | 'billing_period' | 'portal_grand_total';
  periodStart: string | null;
  field: string;
  /** As stored by sync (amount fields are minor units as text). */
  oldValue: string | null;
  newValue: string | null;
  /** Human form: amounts as decimals in the currency when the field is an amount. */
  oldDisplay: string | null;
  newDisplay: string | null;
  detectedAt: string;
}

/** An unresolved discrepancy, carried forward until somebody resolves it. */
export interface OpenItem {
  key: ItemKey;
  kind: 'portal_row' | 'billing_period';
  /** True when the item's period is before `from` (carried forward into this range). */
  carriedForward: boolean;
  periodStart: string;
  periodEnd: string;
  /** Days from the period end to `now` (0 when the period has not ended). */
  ageDays: number;
  currency: string;
  /** Portal: the difference; PAYG: the billing period's amount. */
  amount: string;
  amountMinor: number;
  /** Portal: the row class; PAYG: the exception kinds, comma-joined. */
  description: string;
  providerId: string | null;
  billingPeriodId: number | null;
  review: Review | null;
}

export interface CoverageGap {
  periodStart: string;
  periodEnd: string;
  /** 'missing' = never synced; otherwise the window status. */
  status: 'missing' | 'failed' | 'incomplete';
  error: string | null;
}

// ───────────────────────────── portal ─────────────────────────────

export type PortalClass = 'MATCHED' | 'WITHIN_TOLERANCE' | 'PROVIDER_HIGHER' | 'PROVIDER_LOWER';

export interface PortalRow {
  /** portalRowKey(providerId, periodStart) */
  key: ItemKey;
  providerId: string;
  providerName: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  taskCount: number;
  invoiced: string;
  invoicedMinor: number;
  providerReported: string;
  providerReportedMinor: number;
  /** providerReported − invoiced */
  difference: string;
  differenceMinor: number;
  /** difference / invoiced × 100, 2 decimals; null when invoiced is zero. */
  differencePct: string | null;
  paid: string;
  paidMinor: number;
  pending: string;
  pendingMinor: number;
  approvedCount: number;
  rejectedCount: number;
  reviewCount: number;
  status: PortalClass;
  /** PROVIDER_HIGHER or PROVIDER_LOWER. */
  outOfTolerance: boolean;
  review: Review | null;
}

export interface PortalTotals {
  currency: string;
  rowCount: number;
  taskCount: number;
  invoiced: string;
  invoicedMinor: number;
  providerReported: string;
  providerReportedMinor: number;
  difference: string;
  differenceMinor: number;
  differencePct: string | null;
  paid: string;
  paidMinor: number;
  pending: string;
  pendingMinor: number;
  /** Number of rows out of tolerance. */
  outOfTolerance: number;
  /** Rows per class. */
  classes: Record<PortalClass, number>;
}

export interface PortalPeriodTotals extends PortalTotals {
  periodStart: string;
  periodEnd: string;
  /** Windows that make up the period (several for > 93 days or provider chunks). */
  windows: number;
  /** Every window of the period is ok. */
  covered: boolean;
}

export type PortalCheck =
  | 'paid_plus_pending' // total_paid + pending_payment = total_invoiced
  | 'status_counts' // approved + rejected + review = task_count
  | 'approval_rate' // approved / task_count × 100 (2 decimals)
  | 'grand_total_task_count'
  | 'grand_total_invoiced'
  | 'grand_total_provider'
  | 'grand_total_paid'
  | 'grand_total_pending'
  | 'grand_total_missing' // a window with rows but no grand total
  | 'quarantined'
  | 'coverage_gap';

export interface PortalFinding {
  /** findingKey(check, providerId, periodStart) */
  key: ItemKey;
  check: PortalCheck;
  providerId: string | null;
  periodStart: string;
  periodEnd: string;
  /** What the figures say it should be (decimal text for amounts, plain for counts/percent). */
  expected: string;
  /** What the upstream sent. */
  actual: string;
  message: string;
  review: Review | null;
}

export interface PortalReconciliation {
  connection: string;
  kind: 'portal';
  currency: string;
  from: string;
  to: string;
  period: PortalPeriodKind;
  /** Every period of the range covered by ok windows and nothing quarantined. */
  complete: boolean;
  tolerance: { abs: string; absMinor: number; pct: string };
  /** Ranked by |difference| desc, then provider id, then period. */
  rows: PortalRow[];
  totals: PortalTotals;
  periods: PortalPeriodTotals[];
  findings: PortalFinding[];
  coverageGaps: CoverageGap[];
  restatements: Restatement[];
  openItems: OpenItem[];
  signoffs: Signoff[];
  /**
   * sha256 of the figures a sign-off of this range would cover. A getter, worked out on first
   * read and then kept (it is a pass over every row): JSON, zod and structured clone read it as
   * any other field. The rows and totals must not be changed once it has been read.
   */
  readonly dataHash: string;
  generatedAt: string;
}

// ───────────────────────────── PAYG ─────────────────────────────

export interface PaygAmounts {
  currency: string;
  /** Billing periods counted (all statuses, drafts included). */
  count: number;
  /** Every status but DRAFT. billed = collected + outstanding + failed. */
  billed: string;
  billedMinor: number;
  /** PAYMENT_COMPLETE */
  collected: string;
  collectedMinor: number;
  /** SENT_TO_PAYMENT_SERVICE + PENDING */
  outstanding: string;
  outstandingMinor: number;
  /** PAYMENT_FAILED */
  failed: string;
  failedMinor: number;
  draft: string;
  draftMinor: number;
  /** collected / billed × 100, 2 decimals; null when nothing was billed. */
  collectionRate: string | null;
}

export type PaygTotal = PaygAmounts;

export interface PaygRow extends PaygAmounts {
  periodStart: string;
  periodEnd: string;
  /** Set when groupBy was asked: the loan name or funding source ('' when none). */
  group: string | null;
}

export interface PaygGroupTotal extends PaygAmounts {
  groupBy: PaygGroupBy;
  group: string;
}

export type AgeingBucket = '0-7' | '8-30' | '31-60' | '61-90' | '90+';
export const AGEING_BUCKETS: readonly AgeingBucket[] = ['0-7', '8-30', '31-60', '61-90', '90+'];

export interface AgeingRow {
  currency: string;
  bucket: AgeingBucket;
  count: number;
  amount: string;
  amountMinor: number;
}

export type BillingStatus = 'DRAFT' | 'SENT_TO_PAYMENT_SERVICE' | 'PAYMENT_COMPLETE' | 'PAYMENT_FAILED' | 'PENDING';

export type PaygExceptionKind = 'failed' | 'outstanding_overdue' | 'draft_unsent' | 'stuck_in_status';

export interface PaygException {
  /** billingPeriodKey(id); a billing period with two problems appears twice, same key. */
  key: ItemKey;
  kind: PaygExceptionKind;
  id: number;
  loanName: string;
  fundingSource: string | null;
  startDate: string;
  endDate: string;
  status: BillingStatus;
  currency: string;
  amount: string;
  amountMinor: number;
  /** Days from end_date to now (negative before the end). */
  daysPastEnd: number;
  /** Days since the current status was first seen. */
  daysInStatus: number;
  statusSince: string;
  /** The first sync that saw the billing period: a status seen since then may be older than that. */
  firstSeenAt: string;
  review: Review | null;
}

export interface QuarantinedRecord {
  /** findingKey('quarantined', recordKey, periodStart) */
  key: ItemKey;
  id: number;
  recordKey: string | null;
  reason: string;
  detectedAt: string;
  periodStart: string;
  rawJson: string;
  review: Review | null;
}

export interface PaygReconciliation {
  connection: string;
  kind: 'payg';
  from: string;
  to: string;
  period: PaygPeriodKind;
  groupBy: PaygGroupBy | null;
  /** Every start date of the range covered by ok windows and nothing quarantined. */
  complete: boolean;
  thresholds: { outstandingDays: number; draftDays: number; stuckDays: number };
  /** One per currency, never summed across currencies. */
  totals: PaygTotal[];
  /** Per currency and period (and group when asked), by currency, period, group. */
  rows: PaygRow[];
  /** Per currency and group over the range, when groupBy was asked. */
  groups: PaygGroupTotal[];
  /** Outstanding + failed by days past the period end: every bucket of every currency. */
  ageing: AgeingRow[];
  exceptions: PaygException[];
  quarantined: QuarantinedRecord[];
  coverageGaps: CoverageGap[];
  restatements: Restatement[];
  openItems: OpenItem[];
  signoffs: Signoff[];
  /** As PortalReconciliation.dataHash: a getter, worked out on first read. */
  readonly dataHash: string;
  generatedAt: string;
}

export type Reconciliation = PortalReconciliation | PaygReconciliation;
