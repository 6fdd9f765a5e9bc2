/**
 * The shapes that cross the IPC boundary. Amounts are exact decimal strings ("-1234.50") with
 * their currency beside them: the renderer formats them, it never does arithmetic on floats.
 * Output objects are plain z.object: unknown keys are stripped on the way out, so what reaches
 * the renderer is exactly what this file names.
 */
import { z } from 'zod';
import { CONNECTION_NAME_MAX, CONNECTION_NAME_PATTERN, CONNECTION_NAME_PROBLEMS } from '../core/connections/name.ts';
import { DateText, Decimal, Instant, PeriodKind } from '../core/scalars.ts';
import { AUDIT_PROBLEMS } from '../core/review/types.ts';
import { Attested, ItemLabel, Review, ReviewTally, Signoff, VoidReason } from '../core/review/schemas.ts';
import { PaygAmounts, PortalClass } from '../core/reconcile/schemas.ts';
import { CloseCell, CloseOverview } from '../core/close/schemas.ts';

// The shapes of the core's answers are declared once, in the core; the contract names them here.
export { Count, CurrencyCode, DateText, Decimal, Instant, Minor, PeriodKind } from '../core/scalars.ts';
export { ReviewItemKind, ReviewReason, ReviewState, SignoffRole } from '../core/review/schemas.ts';
/** A review and a sign-off as the window receives them (the core's own shapes). */
export const ReviewView = Review;
export type ReviewView = Review;
export const SignoffView = Signoff;
export type SignoffView = Signoff;
/** One connection's month on the month-end overview, and the whole overview. */
export const CloseCellView = CloseCell;
export type CloseCellView = CloseCell;
export const CloseOverviewView = CloseOverview;
export type CloseOverviewView = CloseOverview;
/** What people call an item, a sign-off's counts by kind and state, what it attested, why it was voided. */
export const ItemLabelView = ItemLabel;
export const ReviewTallyView = ReviewTally;
export type ReviewTallyView = ReviewTally;
export const AttestedView = Attested;
export const VoidReasonView = VoidReason;
/** A PAYG total: the amounts of one currency. */
export const PaygTotal = PaygAmounts;
export type PaygTotal = PaygAmounts;
/** The class of a portal row. */
export const PortalRowStatus = PortalClass;
export type PortalRowStatus = PortalClass;
export {
  AgeingRow,
  BillingStatus,
  CoverageGap,
  EXCEPTION_SORT_COLUMNS,
  ExceptionsQuery,
  ExceptionsSort,
  ItemName,
  OPEN_ITEM_SORT_COLUMNS,
  OpenItem,
  OpenItemsQuery,
  OpenItemsSort,
  PaygException,
  PaygExceptionKind,
  PaygGroupBy,
  PaygGroupTotal,
  PaygReconciliation,
  PaygRow,
  PaygSummary,
  PortalFinding,
  PortalPeriodTotals,
  PortalReconciliation,
  PortalRow,
  PortalSummary,
  PortalTotals,
  QuarantinedRecord,
  ROW_SORT_COLUMNS,
  Reconciliation,
  ReconciliationSummary,
  ReconciliationView,
  Removal,
  Restatement,
  RowsQuery,
  RowsSort,
  ViewFilter,
  ViewKeys,
  ViewList,
  ViewPage,
} from '../core/reconcile/schemas.ts';
export type { ViewQuery, ViewSort } from '../core/reconcile/schemas.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export const IsoDate = z
  .string()
  .regex(ISO_DATE, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  }, 'is not a date on the calendar');

/** A non-negative decimal typed by a person (a tolerance): no sign, dot as separator. */
export const PositiveDecimal = z.string().trim().regex(/^\d{1,15}(\.\d{1,6})?$/, 'must be a number such as 10 or 0.5 (a dot for decimals)');

export const ConnectionName = z
  .string()
  .trim()
  .min(1, CONNECTION_NAME_PROBLEMS.required)
  .max(CONNECTION_NAME_MAX, CONNECTION_NAME_PROBLEMS.tooLong)
  .regex(CONNECTION_NAME_PATTERN, CONNECTION_NAME_PROBLEMS.characters);

export const ConnectionKind = z.enum(['portal', 'payg']);
export type ConnectionKind = z.infer<typeof ConnectionKind>;

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

/** The cache file's health: checking at start, then ok or damaged (export and sign-off are refused). */
export const CacheHealthView = z.object({
  state: z.enum(['checking', 'ok', 'damaged']),
  /** When damaged: what SQLite's check found first (its own words, for whoever repairs it). */
  detail: z.string().nullable(),
});
export type CacheHealthView = z.infer<typeof CacheHealthView>;

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
  /** PAYG billing periods confirmed gone upstream, moved to the removal history. */
  removals: z.number().int(),
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

export const AuditEntryView = z.object({
  seq: z.number().int(),
  at: Instant,
  actor: z.string(),
  /** The account's display name now. */
  actorName: z.string(),
  signed: z.boolean(),
  action: z.string(),
  connection: z.string().nullable(),
  subject: z.string().nullable(),
  payload: z.json(),
  hash: z.string(),
  /** The entry's item, named for people, when it is about one. */
  item: ItemLabelView.nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  signed: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  problem: z.enum(AUDIT_PROBLEMS).nullable(),
  message: z.string(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

/** Who the window acts as: the operating-system account, its display name, its key's fingerprint. */
export const IdentityView = z.object({ accountId: z.string(), displayName: z.string(), fingerprint: z.string() });
export type IdentityView = z.infer<typeof IdentityView>;

/** Where a range stands for sign-off, always under the saved tolerance (never a what-if). */
export const SignoffReadiness = z.object({
  connection: z.string(),
  from: DateText,
  to: DateText,
  period: PeriodKind,
  /** Items that need a review and are open, by kind: any one refuses a preparer sign-off. */
  open: z.object({ discrepancies: z.number().int(), findings: z.number().int(), exceptions: z.number().int() }),
  tally: ReviewTally,
  attested: Attested,
  /** The hash a sign-off now would sign. */
  statementHash: z.string(),
  /** Periods of the range not fully synced (a sign-off is refused while there are any). */
  coverageGaps: z.number().int(),
  signoffs: z.array(Signoff),
});
export type SignoffReadiness = z.infer<typeof SignoffReadiness>;

// ---- paged views of a reconciliation ------------------------------------------------------------
// reconcile:run keeps the big lists (portal rows, open items, PAYG exceptions) in the back end and
// answers a view id; the window pages through them with reconcile:rows and reconcile:keys.

export const ROWS_PAGE_MAX = 1000;
/** As many keys as review:set takes in one request. */
export const KEYS_MAX = 200_000;
/** As many item keys as reconcile:describe names in one request. */
export const DESCRIBE_MAX = 1000;

// ---- settings -------------------------------------------------------------------------------

/** The window's colours: 'system' follows the operating system's light or dark preference. */
export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** The range last chosen for a connection (the window reopens on it). */
export const RememberedRange = z.object({ connection: z.string(), from: DateText, to: DateText, period: PeriodKind });
export type RememberedRange = z.infer<typeof RememberedRange>;

export const Settings = z.object({
  /** null: follow the system language. */
  locale: Locale.nullable(),
  theme: Theme,
  /** One per connection that has had a range chosen. */
  ranges: z.array(RememberedRange),
  /** Each connection's default tolerance (portal: abs in its currency; PAYG has none and shows '0'). */
  tolerances: z.array(
    z.object({ connection: z.string(), kind: ConnectionKind, currency: z.string().nullable(), abs: Decimal, pct: Decimal }),
  ),
});
export type Settings = z.infer<typeof Settings>;

// ---- countersigning away from the cache ------------------------------------------------------

/** Why something is refused, said in the app's language (core/language). */
const Refusal = z.object({ message: z.string(), code: z.string() }).nullable();

const Fingerprint = z.string().regex(/^[0-9a-f]{64}$/);

/** A workbook opened for review (File → Review a workbook…): verified, what the preparer signed, the reviewer's notes. */
export const WorkbookReviewView = z.discriminatedUnion('status', [
  z.object({ status: z.literal('cancelled') }),
  z.object({
    status: z.literal('opened'),
    /** Names this workbook in countersign:sign; its path stays in the back end. */
    reviewId: z.string(),
    file: z.string(),
    connection: z.string(),
    from: z.string(),
    to: z.string(),
    period: z.enum(['month', 'week', 'range']),
    /** Figures hash recomputed, every signature checked, nothing but the Review columns edited. */
    verified: z.boolean(),
    /** The verdict of the check, as a sentence. */
    verdict: z.string(),
    preparer: z.object({ displayName: z.string(), account: z.string(), signedAt: z.string(), fingerprint: Fingerprint }).nullable(),
    statementHash: z.string().nullable(),
    notes: z.array(z.object({ sheet: z.string(), row: z.number().int(), state: z.string(), reason: z.string().nullable(), note: z.string().nullable() })).max(10_000),
    /** Why this account cannot countersign it (the preparer's own account, a workbook that does not verify). */
    refusal: Refusal,
  }),
]);
export type WorkbookReviewView = z.infer<typeof WorkbookReviewView>;

/** A countersignature opened for import (File → Import a countersignature…), checked against the cache. */
export const CountersignatureView = z.discriminatedUnion('status', [
  z.object({ status: z.literal('cancelled') }),
  z.object({
    status: z.literal('opened'),
    importId: z.string(),
    file: z.string(),
    connection: z.string(),
    from: z.string(),
    to: z.string(),
    period: z.enum(['month', 'week', 'range']),
    reviewer: z.object({ displayName: z.string(), account: z.string(), fingerprint: Fingerprint }),
    signedAt: z.string(),
    /** The cache does not know the reviewer's key: importing needs the user to confirm its fingerprint. */
    unknownKey: z.boolean(),
    /** A refusal other than the unknown key. */
    refusal: Refusal,
  }),
]);
export type CountersignatureView = z.infer<typeof CountersignatureView>;
