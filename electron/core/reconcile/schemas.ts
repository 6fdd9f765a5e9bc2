/**
 * Every shape a reconciliation answers, declared once as zod schemas: the TypeScript types of the
 * core (types.ts), the handlers and the renderer are inferred from these, and the IPC contract
 * re-exports them to check every answer on its way out. Adding a field here adds it everywhere.
 *
 * Every amount comes twice: exact decimal text to show (`invoiced`), and integer minor units to
 * sort, add and compare (`invoicedMinor`). Nobody downstream re-parses text or adds floats.
 *
 * One name per amount. From the upstream to a workbook cell, each portal amount keeps the name of
 * the result field wherever Concilia's own code names it; only the upstream's JSON and the cache's
 * columns (shared with sync) keep theirs:
 *
 *   upstream JSON     cache column     result field (sort column)   workbook header
 *   total_invoiced    invoiced_minor   invoiced                     Invoiced
 *   total_provider    provider_minor   providerReported             Provider reported
 *   total_paid        paid_minor       paid                         (figures only)
 *   pending_payment   pending_minor    pending                      (figures only)
 *   —                 —                difference = providerReported − invoiced   Difference
 *   amount (PAYG)     amount_minor     amount (exceptions), billed/collected/…    Amount, Billed, …
 */
import { z } from 'zod';
import { Review, Signoff } from '../review/schemas.ts';
import { Count, CurrencyCode, DateText, Decimal, Instant, Minor, PeriodKind } from '../scalars.ts';

// ───────────────────────────── shared pieces ─────────────────────────────

export const PaygPeriodKind = z.enum(['week', 'month']);
export const PaygGroupBy = z.enum(['loan', 'funding_source']);

export const CoverageGap = z.object({
  periodStart: DateText,
  periodEnd: DateText,
  /** 'missing' = never synced; otherwise the window status. */
  status: z.enum(['missing', 'failed', 'incomplete']),
  error: z.string().nullable(),
});

/** A figure that changed upstream after it was first synced (from the `restatement` table). */
export const Restatement = z.object({
  id: z.number().int(),
  key: z.string(),
  entity: z.enum(['portal_row', 'billing_period', 'portal_grand_total']),
  periodStart: DateText.nullable(),
  field: z.string(),
  /** As stored by sync (amount fields are minor units as text). */
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  /** Human form: amounts as decimals in the currency when the field is an amount. */
  oldDisplay: z.string().nullable(),
  newDisplay: z.string().nullable(),
  detectedAt: Instant,
});

/**
 * A PAYG billing period the upstream confirmed gone (a 404 from the retrieve endpoint): out of every
 * figure, kept beside the restatements with the answer that proved it.
 */
export const Removal = z.object({
  /** The upstream id. */
  id: z.number().int(),
  /** The review item key of the billing period. */
  key: z.string(),
  loanName: z.string(),
  startDate: DateText,
  endDate: DateText,
  /** The last status it was seen in. */
  status: z.string(),
  currency: z.string(),
  amount: Decimal,
  amountMinor: Minor,
  /** When the 404 confirmed it gone. */
  removedAt: Instant,
  /** Set when it was listed again later (it is then back in the figures). */
  reappearedAt: Instant.nullable(),
  /** The answer that proved it: request and status (the body is kept in raw_response). */
  evidence: z.object({ requestUrl: z.string(), httpStatus: z.number().int(), fetchedAt: Instant }),
});

/** An unresolved discrepancy, carried forward until somebody resolves it. */
export const OpenItem = z.object({
  key: z.string(),
  kind: z.enum(['portal_row', 'billing_period']),
  /** True when the item's period is before `from` (carried forward into this range). */
  carriedForward: z.boolean(),
  periodStart: DateText,
  periodEnd: DateText,
  /** Days from the period end to `now` (0 when the period has not ended). */
  ageDays: Count,
  currency: z.string(),
  /** Portal: the difference; PAYG: the billing period's amount. */
  amount: Decimal,
  amountMinor: Minor,
  /** Portal: the row class; PAYG: the exception kinds, comma-joined. */
  description: z.string(),
  providerId: z.string().nullable(),
  billingPeriodId: z.number().int().nullable(),
  review: Review.nullable(),
});

// ───────────────────────────── portal ─────────────────────────────

export const PORTAL_CLASSES = ['MATCHED', 'WITHIN_TOLERANCE', 'PROVIDER_HIGHER', 'PROVIDER_LOWER'] as const;
export const PortalClass = z.enum(PORTAL_CLASSES);

/** The amounts a portal row and a portal total both carry. */
const PortalAmounts = {
  invoiced: Decimal,
  invoicedMinor: Minor,
  providerReported: Decimal,
  providerReportedMinor: Minor,
  /** providerReported − invoiced */
  difference: Decimal,
  differenceMinor: Minor,
  /** difference / invoiced × 100, 2 decimals; null when nothing was invoiced. */
  differencePct: Decimal.nullable(),
  paid: Decimal,
  paidMinor: Minor,
  pending: Decimal,
  pendingMinor: Minor,
};

export const PortalRow = z.object({
  /** portalRowKey(providerId, periodStart) */
  key: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  periodStart: DateText,
  periodEnd: DateText,
  currency: z.string(),
  taskCount: Count,
  ...PortalAmounts,
  approvedCount: Count,
  rejectedCount: Count,
  reviewCount: Count,
  status: PortalClass,
  /** PROVIDER_HIGHER or PROVIDER_LOWER. */
  outOfTolerance: z.boolean(),
  review: Review.nullable(),
});

export const PortalTotals = z.object({
  currency: z.string(),
  rowCount: Count,
  taskCount: Count,
  ...PortalAmounts,
  /** Number of rows out of tolerance. */
  outOfTolerance: Count,
  /** Rows per class. */
  classes: z.object({ MATCHED: Count, WITHIN_TOLERANCE: Count, PROVIDER_HIGHER: Count, PROVIDER_LOWER: Count }),
});

export const PortalPeriodTotals = PortalTotals.extend({
  periodStart: DateText,
  periodEnd: DateText,
  /** Windows that make up the period (several for > 93 days or provider chunks). */
  windows: Count,
  /** Every window of the period is ok. */
  covered: z.boolean(),
});

export const PortalCheck = z.enum([
  'paid_plus_pending', // total_paid + pending_payment = total_invoiced
  'status_counts', // approved + rejected + review = task_count
  'approval_rate', // approved / task_count × 100 (2 decimals)
  'grand_total_task_count',
  'grand_total_invoiced',
  'grand_total_provider',
  'grand_total_paid',
  'grand_total_pending',
  'grand_total_missing', // a window with rows but no grand total
  'quarantined',
  'coverage_gap',
]);

export const PortalFinding = z.object({
  /** findingKey(check, providerId, periodStart) */
  key: z.string(),
  check: PortalCheck,
  providerId: z.string().nullable(),
  periodStart: DateText,
  periodEnd: DateText,
  /** What the figures say it should be (decimal text for amounts, plain for counts/percent). */
  expected: z.string(),
  /** What the upstream sent. */
  actual: z.string(),
  /** Times the check fired in the period (summed into expected/actual for figures; "and N more" for the rest). */
  occurrences: z.number().int().positive(),
  /** More about it in the words it was recorded with (a coverage gap: the sync's error). */
  detail: z.string().nullable(),
  review: Review.nullable(),
});

const ReconciliationHead = {
  connection: z.string(),
  from: DateText,
  to: DateText,
  coverageGaps: z.array(CoverageGap),
  restatements: z.array(Restatement),
  openItems: z.array(OpenItem),
  signoffs: z.array(Signoff),
  /**
   * sha256 of the figures a sign-off of this range would cover. In the core a getter, worked out
   * on first read and then kept (it is a pass over every row).
   */
  dataHash: z.string(),
  generatedAt: Instant,
};

export const PortalReconciliation = z.object({
  ...ReconciliationHead,
  kind: z.literal('portal'),
  currency: CurrencyCode,
  period: PeriodKind,
  /** Every period of the range covered by ok windows and nothing quarantined. */
  complete: z.boolean(),
  tolerance: z.object({ abs: Decimal, absMinor: Minor, pct: Decimal }),
  /** Ranked by |difference| desc, then provider id, then period. */
  rows: z.array(PortalRow),
  totals: PortalTotals,
  periods: z.array(PortalPeriodTotals),
  findings: z.array(PortalFinding),
});

// ───────────────────────────── PAYG ─────────────────────────────

export const PaygAmounts = z.object({
  currency: CurrencyCode,
  /** Billing periods counted (all statuses, drafts included). */
  count: Count,
  /** Every status but DRAFT. billed = collected + outstanding + failed. */
  billed: Decimal,
  billedMinor: Minor,
  /** PAYMENT_COMPLETE */
  collected: Decimal,
  collectedMinor: Minor,
  /** SENT_TO_PAYMENT_SERVICE + PENDING */
  outstanding: Decimal,
  outstandingMinor: Minor,
  /** PAYMENT_FAILED */
  failed: Decimal,
  failedMinor: Minor,
  draft: Decimal,
  draftMinor: Minor,
  /** collected / billed × 100, 2 decimals; null when nothing was billed. */
  collectionRate: Decimal.nullable(),
});

export const PaygRow = PaygAmounts.extend({
  periodStart: DateText,
  periodEnd: DateText,
  /** Set when groupBy was asked: the loan name or funding source ('' when none). */
  group: z.string().nullable(),
});

export const PaygGroupTotal = PaygAmounts.extend({ groupBy: PaygGroupBy, group: z.string() });

export const AGEING_BUCKETS = ['0-7', '8-30', '31-60', '61-90', '90+'] as const;
export const AgeingBucket = z.enum(AGEING_BUCKETS);

export const AgeingRow = z.object({
  currency: CurrencyCode,
  bucket: AgeingBucket,
  count: Count,
  amount: Decimal,
  amountMinor: Minor,
});

export const BillingStatus = z.enum(['DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PAYMENT_COMPLETE', 'PAYMENT_FAILED', 'PENDING']);

export const PAYG_EXCEPTION_KINDS = ['failed', 'outstanding_overdue', 'draft_unsent', 'stuck_in_status'] as const;
export const PaygExceptionKind = z.enum(PAYG_EXCEPTION_KINDS);

export const PaygException = z.object({
  /** billingPeriodKey(id); a billing period with two problems appears twice, same key. */
  key: z.string(),
  kind: PaygExceptionKind,
  id: z.number().int(),
  loanName: z.string(),
  fundingSource: z.string().nullable(),
  startDate: DateText,
  endDate: DateText,
  status: BillingStatus,
  currency: CurrencyCode,
  amount: Decimal,
  amountMinor: Minor,
  /** Days from end_date to now (negative before the end). */
  daysPastEnd: Count,
  /** Days since the current status was first seen. */
  daysInStatus: Count,
  statusSince: Instant,
  /** The first sync that saw the billing period: when statusSince is that sync, the status may be older. */
  firstSeenAt: Instant,
  review: Review.nullable(),
});

/** A record the upstream sent that failed validation, set aside with its raw JSON. */
export const QuarantinedRecord = z.object({
  /** findingKey('quarantined', recordKey, periodStart) */
  key: z.string(),
  id: z.number().int(),
  recordKey: z.string().nullable(),
  reason: z.string(),
  detectedAt: Instant,
  periodStart: DateText,
  /** What the upstream sent, as it sent it (kept in the back end: the window never receives it). */
  rawJson: z.string(),
  review: Review.nullable(),
});

export const PaygThresholds = z.object({ outstandingDays: Count, draftDays: Count, stuckDays: Count });

export const PaygReconciliation = z.object({
  ...ReconciliationHead,
  kind: z.literal('payg'),
  period: PaygPeriodKind,
  groupBy: PaygGroupBy.nullable(),
  /** Every start date of the range covered by ok windows and nothing quarantined. */
  complete: z.boolean(),
  thresholds: PaygThresholds,
  /** One per currency, never summed across currencies. */
  totals: z.array(PaygAmounts),
  /** Per currency and period (and group when asked), by currency, period, group. */
  rows: z.array(PaygRow),
  /** Per currency and group over the range, when groupBy was asked. */
  groups: z.array(PaygGroupTotal),
  /** Outstanding + failed by days past the period end: every bucket of every currency. */
  ageing: z.array(AgeingRow),
  exceptions: z.array(PaygException),
  quarantined: z.array(QuarantinedRecord),
  /** Billing periods confirmed gone upstream (404 by id): out of every figure above, kept here. */
  removals: z.array(Removal),
});

export const Reconciliation = z.discriminatedUnion('kind', [PortalReconciliation, PaygReconciliation]);

// ───────────────────────────── paged views ─────────────────────────────
// A reconciliation's big lists (portal rows, open items, PAYG exceptions) stay in the back end;
// the window pages through one list at a time, sorted and filtered there.

export const VIEW_LISTS = ['rows', 'openItems', 'exceptions'] as const;
export const ViewList = z.enum(VIEW_LISTS);

/** The columns each list can be sorted by. */
export const ROW_SORT_COLUMNS = ['providerName', 'periodStart', 'taskCount', 'invoiced', 'providerReported', 'difference', 'differencePct', 'paid', 'pending', 'status', 'review'] as const;
export const OPEN_ITEM_SORT_COLUMNS = ['description', 'periodStart', 'ageDays', 'amount', 'review'] as const;
export const EXCEPTION_SORT_COLUMNS = ['kind', 'loanName', 'startDate', 'status', 'amount', 'daysPastEnd', 'daysInStatus', 'review'] as const;

const SortDirection = z.enum(['asc', 'desc']);
const sortBy = <const C extends readonly [string, ...string[]]>(columns: C) =>
  z.strictObject({ column: z.enum(columns, { error: 'is not a column this list can be sorted by' }), direction: SortDirection });

export const RowsSort = sortBy(ROW_SORT_COLUMNS);
export const OpenItemsSort = sortBy(OPEN_ITEM_SORT_COLUMNS);
export const ExceptionsSort = sortBy(EXCEPTION_SORT_COLUMNS);

export const ViewFilter = z.strictObject({
  /** Provider name or id (rows), description (open items), loan (exceptions): case and accents ignored. */
  text: z.string().max(200, 'is too long').optional(),
  classes: z.array(PortalClass).max(4).optional(),
  review: z.array(Review.shape.state).max(3).optional(),
  outOfToleranceOnly: z.boolean().optional(),
  providerId: z.string().min(1).max(200).optional(),
  kinds: z.array(PaygExceptionKind).max(4).optional(),
  /** Open items and PAYG exceptions in this currency only. */
  currency: CurrencyCode.optional(),
});

/** What a query of each list may ask: its own sort columns, and the filter. */
export const RowsQuery = z.strictObject({ list: z.literal('rows').default('rows'), sort: RowsSort.optional(), filter: ViewFilter.optional() });
export const OpenItemsQuery = z.strictObject({ list: z.literal('openItems'), sort: OpenItemsSort.optional(), filter: ViewFilter.optional() });
export const ExceptionsQuery = z.strictObject({ list: z.literal('exceptions'), sort: ExceptionsSort.optional(), filter: ViewFilter.optional() });

const Page = { total: Count, offset: Count };
/** One page of one list; `list` says which rows it holds. */
export const ViewPage = z.discriminatedUnion('list', [
  z.object({ ...Page, list: z.literal('rows'), rows: z.array(PortalRow) }),
  z.object({ ...Page, list: z.literal('openItems'), rows: z.array(OpenItem) }),
  z.object({ ...Page, list: z.literal('exceptions'), rows: z.array(PaygException) }),
]);

/** The item keys of a range of a list, in display order, each once. */
export const ViewKeys = z.object({ total: Count, keys: z.array(z.string()) });

/** What an item key names, for people: provider or loan, and period (reconcile:describe). */
export const ItemName = z.object({
  key: z.string(),
  kind: z.enum(['portal_row', 'billing_period', 'finding', 'unknown']),
  /** Provider name (portal rows and findings about a provider) or loan name (billing periods). */
  name: z.string().nullable(),
  /** The provider id or the billing period's upstream id, as the upstream writes it. */
  ref: z.string().nullable(),
  periodStart: DateText.nullable(),
  periodEnd: DateText.nullable(),
  /** The check of a finding. */
  check: z.string().nullable(),
  /** A billing period's own currency (a portal item is in its connection's). */
  currency: z.string().nullable(),
});

export const ReconciliationView = z.object({
  id: z.string(),
  /** Portal rows (0 for PAYG). */
  rowCount: Count,
  openItemCount: Count,
  /** PAYG exceptions (0 for portal). */
  exceptionCount: Count,
});

// The summaries leave out the figures hash too: working it out is a pass over every row, and
// only a sign-off or an export needs it (each reads it itself).
export const PortalSummary = PortalReconciliation.omit({ rows: true, openItems: true, dataHash: true }).extend({ view: ReconciliationView });

export const PaygSummary = PaygReconciliation.omit({ exceptions: true, openItems: true, dataHash: true }).extend({
  view: ReconciliationView,
  quarantined: z.array(QuarantinedRecord.omit({ rawJson: true })),
});

/** What reconcile:run answers: everything but the big lists, plus the view to page them. */
export const ReconciliationSummary = z.discriminatedUnion('kind', [PortalSummary, PaygSummary]);

// ───────────────────────────── types ─────────────────────────────

export type PaygPeriodKind = z.infer<typeof PaygPeriodKind>;
export type PaygGroupBy = z.infer<typeof PaygGroupBy>;
export type CoverageGap = z.infer<typeof CoverageGap>;
export type Restatement = z.infer<typeof Restatement>;
export type Removal = z.infer<typeof Removal>;
export type OpenItem = z.infer<typeof OpenItem>;
export type PortalClass = z.infer<typeof PortalClass>;
export type PortalRow = z.infer<typeof PortalRow>;
export type PortalTotals = z.infer<typeof PortalTotals>;
export type PortalPeriodTotals = z.infer<typeof PortalPeriodTotals>;
export type PortalCheck = z.infer<typeof PortalCheck>;
export type PortalFinding = z.infer<typeof PortalFinding>;
export type PortalReconciliation = z.infer<typeof PortalReconciliation>;
export type PaygAmounts = z.infer<typeof PaygAmounts>;
export type PaygTotal = PaygAmounts;
export type PaygRow = z.infer<typeof PaygRow>;
export type PaygGroupTotal = z.infer<typeof PaygGroupTotal>;
export type AgeingBucket = z.infer<typeof AgeingBucket>;
export type AgeingRow = z.infer<typeof AgeingRow>;
export type BillingStatus = z.infer<typeof BillingStatus>;
export type PaygExceptionKind = z.infer<typeof PaygExceptionKind>;
export type PaygException = z.infer<typeof PaygException>;
export type QuarantinedRecord = z.infer<typeof QuarantinedRecord>;
export type PaygReconciliation = z.infer<typeof PaygReconciliation>;
export type Reconciliation = z.infer<typeof Reconciliation>;
/** A reconciliation without its big lists (kept in temporary tables) and its figures hash (read when asked). */
export type PortalOutline = Omit<PortalReconciliation, 'rows' | 'openItems' | 'dataHash'>;
export type PaygOutline = Omit<PaygReconciliation, 'exceptions' | 'openItems' | 'dataHash'>;
export type ViewList = z.infer<typeof ViewList>;
export type RowsSort = z.infer<typeof RowsSort>;
export type OpenItemsSort = z.infer<typeof OpenItemsSort>;
export type ExceptionsSort = z.infer<typeof ExceptionsSort>;
/** A sort of any list; each list's query names its own (RowsQuery, OpenItemsQuery, ExceptionsQuery). */
export type ViewSort = RowsSort | OpenItemsSort | ExceptionsSort;
export type ViewFilter = z.infer<typeof ViewFilter>;
export type RowsQuery = z.output<typeof RowsQuery>;
export type OpenItemsQuery = z.output<typeof OpenItemsQuery>;
export type ExceptionsQuery = z.output<typeof ExceptionsQuery>;
/** A query of one list, as parsed (the list always named). */
export type ViewQuery = RowsQuery | OpenItemsQuery | ExceptionsQuery;
export type ViewPage = z.infer<typeof ViewPage>;
export type ViewKeys = z.infer<typeof ViewKeys>;
export type ItemName = z.infer<typeof ItemName>;
export type ReconciliationView = z.infer<typeof ReconciliationView>;
export type PortalSummary = z.infer<typeof PortalSummary>;
export type PaygSummary = z.infer<typeof PaygSummary>;
export type ReconciliationSummary = z.infer<typeof ReconciliationSummary>;
