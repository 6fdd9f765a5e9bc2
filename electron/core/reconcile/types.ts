/**
 * Reconciliation types: the parameters a reconciliation takes, and the shapes of its results,
 * inferred from their one declaration as zod schemas (schemas.ts).
 */
import type { ReadableDB } from '../cache/index.ts';
import type { ReviewReader } from '../review/store.ts';
import type { PeriodKind } from '../scalars.ts';
import type { PaygGroupBy, PaygPeriodKind } from './schemas.ts';

export type {
  AgeingBucket,
  AgeingRow,
  BillingStatus,
  CoverageGap,
  OpenItem,
  PaygAmounts,
  PaygException,
  PaygExceptionKind,
  PaygGroupBy,
  PaygGroupTotal,
  PaygPeriodKind,
  PaygReconciliation,
  PaygRow,
  PaygTotal,
  PortalCheck,
  PortalClass,
  PortalFinding,
  PortalPeriodTotals,
  PortalReconciliation,
  PortalRow,
  PortalTotals,
  QuarantinedRecord,
  Reconciliation,
  Removal,
  Restatement,
} from './schemas.ts';
export { AGEING_BUCKETS } from './schemas.ts';

export type PortalPeriodKind = PeriodKind;

// ───────────────────────────── parameters ─────────────────────────────

/**
 * What a reconciliation reads: the figures in the cache and the review layer's sign-offs and
 * saved tolerance. Reads only: voiding a stale sign-off is its own step (core/signoff). The
 * review states of the big lists are joined in SQL from the cache's `review` table, the working
 * copy every review store keeps there (review/store.ts), as each page is read (list-view.ts).
 */
export interface ReconcileDeps {
  db: ReadableDB;
  reviews: ReviewReader;
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
