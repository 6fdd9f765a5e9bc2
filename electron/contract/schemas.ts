/**
 * The shapes that cross the IPC boundary. Amounts are exact decimal strings ("-1234.50") with
 * their currency beside them: the renderer formats them, it never does arithmetic on floats.
 * Output objects are plain z.object: unknown keys are stripped on the way out, so what reaches
 * the renderer is exactly what this file names.
 */
import { z } from 'zod';
import { REVIEW_REASONS, REVIEW_STATES, SIGNOFF_ROLES } from '../core/review/types.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export const IsoDate = z
  .string()
  .regex(ISO_DATE, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  }, 'is not a date on the calendar');

/**
 * A date in an answer: shape only. Answers come from the cache, whose dates the core wrote; the
 * calendar check of IsoDate is for what people type, and would cost ~0.5 s on 100,000 rows.
 */
export const DateText = z.string().regex(ISO_DATE, 'must be a date as YYYY-MM-DD');

/** An ISO-8601 instant as stored in the cache ("2026-11-21T21:50:33.000Z"). */
export const Instant = z.string().min(1);

/** An exact decimal amount or percent, as text. */
export const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number such as 1234.50');

/** A non-negative decimal typed by a person (a tolerance): no sign, dot as separator. */
export const PositiveDecimal = z.string().trim().regex(/^\d{1,15}(\.\d{1,6})?$/, 'must be a number such as 10 or 0.5 (a dot for decimals)');

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be three capital letters, such as COP or USD');

export const ConnectionName = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'is too long (64 characters at most)')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may use letters, digits, dots, dashes and underscores (no spaces), starting with a letter or digit');

export const ConnectionKind = z.enum(['portal', 'payg']);
export type ConnectionKind = z.infer<typeof ConnectionKind>;

export const PeriodKind = z.enum(['month', 'week', 'range']);
export type PeriodKind = z.infer<typeof PeriodKind>;

export const ReviewState = z.enum(REVIEW_STATES);
export const ReviewReason = z.enum(REVIEW_REASONS);
export const SignoffRole = z.enum(SIGNOFF_ROLES);

/** Where a secret store keeps secrets: the OS keychain, an obfuscated file (Linux without a keyring), or memory (harness). */
export const SecretProtection = z.enum(['os', 'basic_text', 'memory']);
export type SecretProtection = z.infer<typeof SecretProtection>;

export const Locale = z.enum(['en', 'es']);

export const CredentialStatus = z.object({
  hasToken: z.boolean(),
  hasApiKey: z.boolean(),
  /** Which fields this connection's kind needs ('token' only for portal). */
  required: z.array(z.enum(['token', 'apiKey'])),
  protection: SecretProtection,
});
export type CredentialStatus = z.infer<typeof CredentialStatus>;

export const ConnectionView = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: ConnectionKind,
  baseUrl: z.string(),
  tenant: z.string().nullable(),
  currency: z.string().nullable(),
  /** Decimal in the connection's currency (portal); '0' for PAYG. */
  toleranceAbs: Decimal,
  tolerancePct: Decimal,
  createdAt: Instant,
  credentials: CredentialStatus,
});
export type ConnectionView = z.infer<typeof ConnectionView>;

export const Tolerance = z.object({ abs: PositiveDecimal, pct: PositiveDecimal });

// ---- sync -----------------------------------------------------------------------------------

export const SyncProgress = z.object({
  windowsDone: z.number().int().nonnegative(),
  windowsTotal: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  quarantined: z.number().int().nonnegative(),
  /** Seconds left waiting for the upstream's rate limit; 0 when not waiting. */
  waitSeconds: z.number().nonnegative(),
  currentWindow: z.object({ start: DateText, end: DateText }).nullable(),
  message: z.string(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncOutcome = z.enum(['ok', 'partial', 'failed', 'cancelled']);

export const SyncResult = z.object({
  outcome: SyncOutcome,
  windows: z.object({
    ok: z.number().int(),
    incomplete: z.number().int(),
    failed: z.number().int(),
    skippedFresh: z.number().int(),
  }),
  rows: z.number().int(),
  quarantined: z.number().int(),
  restatements: z.number().int(),
  requests: z.number().int(),
  errors: z.array(z.string()),
});
export type SyncResult = z.infer<typeof SyncResult>;

export const CoverageWindow = z.object({
  periodKind: PeriodKind,
  periodStart: DateText,
  periodEnd: DateText,
  windowStart: DateText,
  windowEnd: DateText,
  /** '' = all providers; else the comma-joined chunk of provider ids. */
  providerFilter: z.string(),
  status: z.enum(['ok', 'incomplete', 'failed']),
  syncedAt: Instant.nullable(),
  lastAttemptAt: Instant,
  error: z.string().nullable(),
  rowCount: z.number().int(),
  quarantined: z.number().int(),
});
export type CoverageWindow = z.infer<typeof CoverageWindow>;

const DateRange = z.object({ from: DateText, to: DateText });

export const ConnectionStatus = z.object({
  connection: z.string(),
  kind: ConnectionKind,
  lastSync: z
    .object({
      startedAt: Instant,
      finishedAt: Instant.nullable(),
      outcome: z.enum(['running', 'ok', 'partial', 'failed', 'cancelled']),
      message: z.string().nullable(),
    })
    .nullable(),
  windows: z.object({ ok: z.number().int(), incomplete: z.number().int(), failed: z.number().int() }),
  /** Date ranges with stored data, merged. */
  covered: z.array(DateRange),
  /** Holes between the first and last covered dates. */
  gaps: z.array(DateRange),
  /** Portal rows or billing periods in the cache. */
  records: z.number().int(),
  quarantined: z.number().int(),
  restatements: z.number().int(),
  /** The sync job running for this connection in this app session, if any. */
  activeJobId: z.string().nullable(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

// ---- review ---------------------------------------------------------------------------------

export const ReviewView = z.object({
  itemKey: z.string(),
  state: ReviewState,
  reason: ReviewReason.nullable(),
  note: z.string().nullable(),
  author: z.string(),
  updatedAt: Instant,
});
export type ReviewView = z.infer<typeof ReviewView>;

export const SignoffView = z.object({
  id: z.number().int(),
  connection: z.string(),
  from: DateText,
  to: DateText,
  period: PeriodKind,
  role: SignoffRole,
  author: z.string(),
  signedAt: Instant,
  dataHash: z.string(),
  status: z.enum(['live', 'voided']),
  voidedAt: Instant.nullable(),
  voidReason: z.string().nullable(),
});
export type SignoffView = z.infer<typeof SignoffView>;

/** One connection's month on the month-end overview. */
export const CloseCellView = z.object({
  connection: z.string(),
  month: z.string(),
  from: DateText,
  to: DateText,
  state: z.enum(['not_synced', 'incomplete', 'open', 'prepared', 'reviewed', 'voided']),
  openItems: z.number().int().nonnegative().nullable(),
  preparer: z.object({ author: z.string(), signedAt: Instant }).nullable(),
  reviewer: z.object({ author: z.string(), signedAt: Instant }).nullable(),
  voidReason: z.string().nullable(),
  assignee: z.string().nullable(),
  dueDate: DateText.nullable(),
  overdue: z.boolean(),
});
export type CloseCellView = z.infer<typeof CloseCellView>;

export const CloseOverviewView = z.object({
  months: z.array(z.string()),
  connections: z.array(z.object({ name: z.string(), kind: z.enum(['portal', 'payg']) })),
  cells: z.array(CloseCellView),
  team: z.boolean(),
});
export type CloseOverviewView = z.infer<typeof CloseOverviewView>;

export const AuditEntryView = z.object({
  seq: z.number().int(),
  at: Instant,
  actor: z.string(),
  action: z.string(),
  connection: z.string().nullable(),
  subject: z.string().nullable(),
  payload: z.json(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  message: z.string(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

// ---- reconciliation -------------------------------------------------------------------------
// Mirrors electron/core/reconcile/types.ts (checked at compile time in electron/handlers). Every
// amount comes twice: exact decimal text to show, integer minor units to sort and compare.

export const PortalRowStatus = z.enum(['MATCHED', 'WITHIN_TOLERANCE', 'PROVIDER_HIGHER', 'PROVIDER_LOWER']);
export type PortalRowStatus = z.infer<typeof PortalRowStatus>;

const Minor = z.number().int();

export const CoverageGap = z.object({
  periodStart: DateText,
  periodEnd: DateText,
  status: z.enum(['missing', 'failed', 'incomplete']),
  error: z.string().nullable(),
});
export type CoverageGap = z.infer<typeof CoverageGap>;

export const Restatement = z.object({
  id: z.number().int(),
  key: z.string(),
  entity: z.enum(['portal_row', 'billing_period', 'portal_grand_total']),
  periodStart: DateText.nullable(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  /** Amounts as decimals in the currency when the field is an amount. */
  oldDisplay: z.string().nullable(),
  newDisplay: z.string().nullable(),
  detectedAt: Instant,
});
export type Restatement = z.infer<typeof Restatement>;

export const OpenItem = z.object({
  key: z.string(),
  kind: z.enum(['portal_row', 'billing_period']),
  carriedForward: z.boolean(),
  periodStart: DateText,
  periodEnd: DateText,
  ageDays: z.number().int(),
  currency: z.string(),
  amount: Decimal,
  amountMinor: Minor,
  description: z.string(),
  providerId: z.string().nullable(),
  billingPeriodId: z.number().int().nullable(),
  review: ReviewView.nullable(),
});
export type OpenItem = z.infer<typeof OpenItem>;

/** The amounts a portal row and a portal total both carry: exact decimal text and minor units. */
const PortalAmounts = {
  invoiced: Decimal,
  invoicedMinor: Minor,
  providerReported: Decimal,
  providerReportedMinor: Minor,
  /** providerReported − invoiced */
  difference: Decimal,
  differenceMinor: Minor,
  /** Percent of invoiced; null when nothing was invoiced. */
  differencePct: Decimal.nullable(),
  paid: Decimal,
  paidMinor: Minor,
  pending: Decimal,
  pendingMinor: Minor,
};

export const PortalRow = z.object({
  key: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  periodStart: DateText,
  periodEnd: DateText,
  currency: z.string(),
  taskCount: z.number().int(),
  ...PortalAmounts,
  approvedCount: z.number().int(),
  rejectedCount: z.number().int(),
  reviewCount: z.number().int(),
  status: PortalRowStatus,
  outOfTolerance: z.boolean(),
  review: ReviewView.nullable(),
});
export type PortalRow = z.infer<typeof PortalRow>;

export const PortalTotals = z.object({
  currency: z.string(),
  rowCount: z.number().int(),
  taskCount: z.number().int(),
  ...PortalAmounts,
  outOfTolerance: z.number().int(),
  classes: z.object({
    MATCHED: z.number().int(),
    WITHIN_TOLERANCE: z.number().int(),
    PROVIDER_HIGHER: z.number().int(),
    PROVIDER_LOWER: z.number().int(),
  }),
});
export type PortalTotals = z.infer<typeof PortalTotals>;

export const PortalPeriodTotals = PortalTotals.extend({
  periodStart: DateText,
  periodEnd: DateText,
  windows: z.number().int(),
  covered: z.boolean(),
});
export type PortalPeriodTotals = z.infer<typeof PortalPeriodTotals>;

export const PortalFinding = z.object({
  key: z.string(),
  check: z.string(),
  providerId: z.string().nullable(),
  periodStart: DateText,
  periodEnd: DateText,
  expected: z.string(),
  actual: z.string(),
  message: z.string(),
  review: ReviewView.nullable(),
});
export type PortalFinding = z.infer<typeof PortalFinding>;

export const PortalReconciliation = z.object({
  kind: z.literal('portal'),
  connection: z.string(),
  currency: CurrencyCode,
  from: DateText,
  to: DateText,
  period: PeriodKind,
  complete: z.boolean(),
  tolerance: z.object({ abs: Decimal, absMinor: Minor, pct: Decimal }),
  rows: z.array(PortalRow),
  totals: PortalTotals,
  periods: z.array(PortalPeriodTotals),
  findings: z.array(PortalFinding),
  coverageGaps: z.array(CoverageGap),
  restatements: z.array(Restatement),
  openItems: z.array(OpenItem),
  signoffs: z.array(SignoffView),
  /** sha256 of the figures a sign-off of this range would cover. */
  dataHash: z.string(),
  generatedAt: Instant,
});
export type PortalReconciliation = z.infer<typeof PortalReconciliation>;

const PaygAmounts = {
  currency: CurrencyCode,
  count: z.number().int(),
  billed: Decimal,
  billedMinor: Minor,
  collected: Decimal,
  collectedMinor: Minor,
  outstanding: Decimal,
  outstandingMinor: Minor,
  failed: Decimal,
  failedMinor: Minor,
  draft: Decimal,
  draftMinor: Minor,
  /** collected / billed × 100; null when nothing was billed. */
  collectionRate: Decimal.nullable(),
};

export const PaygTotal = z.object(PaygAmounts);
export type PaygTotal = z.infer<typeof PaygTotal>;

export const PaygRow = z.object({ ...PaygAmounts, periodStart: DateText, periodEnd: DateText, group: z.string().nullable() });
export type PaygRow = z.infer<typeof PaygRow>;

export const PaygGroupBy = z.enum(['loan', 'funding_source']);

export const PaygGroupTotal = z.object({ ...PaygAmounts, groupBy: PaygGroupBy, group: z.string() });

export const AgeingRow = z.object({
  currency: CurrencyCode,
  bucket: z.enum(['0-7', '8-30', '31-60', '61-90', '90+']),
  count: z.number().int(),
  amount: Decimal,
  amountMinor: Minor,
});
export type AgeingRow = z.infer<typeof AgeingRow>;

export const BillingStatus = z.enum(['DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PAYMENT_COMPLETE', 'PAYMENT_FAILED', 'PENDING']);

export const PaygException = z.object({
  key: z.string(),
  kind: z.enum(['failed', 'outstanding_overdue', 'draft_unsent', 'stuck_in_status']),
  id: z.number().int(),
  loanName: z.string(),
  fundingSource: z.string().nullable(),
  startDate: DateText,
  endDate: DateText,
  status: BillingStatus,
  currency: CurrencyCode,
  amount: Decimal,
  amountMinor: Minor,
  daysPastEnd: z.number().int(),
  daysInStatus: z.number().int(),
  statusSince: Instant,
  review: ReviewView.nullable(),
});
export type PaygException = z.infer<typeof PaygException>;

/** A record the upstream sent that failed validation; its raw JSON stays in the cache (not sent to the window). */
export const QuarantinedRecord = z.object({
  key: z.string(),
  id: z.number().int(),
  recordKey: z.string().nullable(),
  reason: z.string(),
  detectedAt: Instant,
  periodStart: DateText,
  review: ReviewView.nullable(),
});
export type QuarantinedRecord = z.infer<typeof QuarantinedRecord>;

export const PaygReconciliation = z.object({
  kind: z.literal('payg'),
  connection: z.string(),
  from: DateText,
  to: DateText,
  period: z.enum(['week', 'month']),
  groupBy: PaygGroupBy.nullable(),
  complete: z.boolean(),
  thresholds: z.object({ outstandingDays: z.number().int(), draftDays: z.number().int(), stuckDays: z.number().int() }),
  totals: z.array(PaygTotal),
  rows: z.array(PaygRow),
  groups: z.array(PaygGroupTotal),
  ageing: z.array(AgeingRow),
  exceptions: z.array(PaygException),
  quarantined: z.array(QuarantinedRecord),
  coverageGaps: z.array(CoverageGap),
  restatements: z.array(Restatement),
  openItems: z.array(OpenItem),
  signoffs: z.array(SignoffView),
  dataHash: z.string(),
  generatedAt: Instant,
});
export type PaygReconciliation = z.infer<typeof PaygReconciliation>;

export const Reconciliation = z.discriminatedUnion('kind', [PortalReconciliation, PaygReconciliation]);
export type Reconciliation = z.infer<typeof Reconciliation>;

// ---- paged views of a reconciliation ------------------------------------------------------------
// reconcile:run keeps the big lists (portal rows, open items, PAYG exceptions) in the back end and
// answers a view id; the window pages through them with reconcile:rows and reconcile:keys.

export const ViewList = z.enum(['rows', 'openItems', 'exceptions']);
export type ViewList = z.infer<typeof ViewList>;

export const ReconciliationView = z.object({
  id: z.string(),
  /** Portal rows (0 for PAYG). */
  rowCount: z.number().int(),
  openItemCount: z.number().int(),
  /** PAYG exceptions (0 for portal). */
  exceptionCount: z.number().int(),
});
export type ReconciliationView = z.infer<typeof ReconciliationView>;

export const PortalSummary = PortalReconciliation.omit({ rows: true, openItems: true }).extend({ view: ReconciliationView });
export type PortalSummary = z.infer<typeof PortalSummary>;

export const PaygSummary = PaygReconciliation.omit({ exceptions: true, openItems: true }).extend({ view: ReconciliationView });
export type PaygSummary = z.infer<typeof PaygSummary>;

/** What reconcile:run answers: everything but the big lists, plus the view to page them. */
export const ReconciliationSummary = z.discriminatedUnion('kind', [PortalSummary, PaygSummary]);
export type ReconciliationSummary = z.infer<typeof ReconciliationSummary>;

export const PaygExceptionKind = z.enum(['failed', 'outstanding_overdue', 'draft_unsent', 'stuck_in_status']);

export const ViewSort = z.strictObject({
  /** A column id of the list (e.g. difference, providerName, review). */
  column: z.string().min(1).max(40),
  direction: z.enum(['asc', 'desc']),
});
export type ViewSort = z.infer<typeof ViewSort>;

export const ViewFilter = z.strictObject({
  /** Provider name or id (rows), description (open items), loan (exceptions): case and accents ignored. */
  text: z.string().max(200, 'is too long').optional(),
  classes: z.array(PortalRowStatus).max(4).optional(),
  review: z.array(ReviewState).max(3).optional(),
  outOfToleranceOnly: z.boolean().optional(),
  providerId: z.string().min(1).max(200).optional(),
  kinds: z.array(PaygExceptionKind).max(4).optional(),
});
export type ViewFilter = z.infer<typeof ViewFilter>;

export const ViewQuery = {
  viewId: z.string().min(1).max(100),
  list: ViewList.default('rows'),
  sort: ViewSort.optional(),
  filter: ViewFilter.optional(),
};

export const ROWS_PAGE_MAX = 1000;
/** As many keys as review:set takes in one request. */
export const KEYS_MAX = 200_000;

const Page = { total: z.number().int(), offset: z.number().int() };
export const ViewPage = z.discriminatedUnion('list', [
  z.object({ ...Page, list: z.literal('rows'), rows: z.array(PortalRow) }),
  z.object({ ...Page, list: z.literal('openItems'), rows: z.array(OpenItem) }),
  z.object({ ...Page, list: z.literal('exceptions'), rows: z.array(PaygException) }),
]);
export type ViewPage = z.infer<typeof ViewPage>;

// ---- settings -------------------------------------------------------------------------------

export const Settings = z.object({
  /** null: follow the system language. */
  locale: Locale.nullable(),
  /** The name prefilled as author of reviews and sign-offs. */
  author: z.string().nullable(),
  /** Each connection's default tolerance (portal: abs in its currency; PAYG has none and shows '0'). */
  tolerances: z.array(
    z.object({ connection: z.string(), kind: ConnectionKind, currency: z.string().nullable(), abs: Decimal, pct: Decimal }),
  ),
});
export type Settings = z.infer<typeof Settings>;
