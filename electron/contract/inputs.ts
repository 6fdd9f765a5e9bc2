/**
 * What people may ask for, checked once: the zod schemas every request's input is parsed with.
 * The app's channels (channels.ts) and the command line (electron/cli) parse through these same
 * schemas, so a value the window refuses, `concilia` refuses too, with the same message.
 */
import { z } from 'zod';
import {
  ConnectionName,
  CurrencyCode,
  IsoDate,
  PaygGroupBy,
  PeriodKind,
  PositiveDecimal,
  ReviewReason,
  ReviewState,
  SignoffRole,
} from './schemas.ts';

export const NoInput = z.strictObject({});

/** The name an account shows (its display name): who acts is the operating-system account, never this. */
export const DisplayName = z.string().trim().min(1, 'is required').max(120, 'is too long');

export const Secret = z.string().trim().min(1, 'cannot be empty').max(8192, 'is too long');

export const Range = {
  connection: ConnectionName,
  from: IsoDate,
  to: IsoDate,
};

export function rangeInOrder(value: { from: string; to: string }): boolean {
  // Only compare two real dates; a malformed one already has its own message.
  if (!IsoDate.safeParse(value.from).success || !IsoDate.safeParse(value.to).success) return true;
  return value.from <= value.to;
}
export const RANGE_ORDER = { message: 'The start date must not be after the end date.', path: ['to'] };

/** The longest a PAYG threshold may be: ten years of days. */
export const MAX_THRESHOLD_DAYS = 3650;
const ThresholdDays = z
  .number({ error: 'must be a whole number of days' })
  .int('must be a whole number of days')
  .min(0, 'cannot be negative')
  .max(MAX_THRESHOLD_DAYS, `must be at most ${MAX_THRESHOLD_DAYS} days (ten years)`);

export const ReconcileInput = z
  .strictObject({
    ...Range,
    /** Default: month for portal, week for PAYG (PAYG takes week or month only). */
    period: PeriodKind.optional(),
    /** Overrides the connection's tolerance for this run (portal). */
    toleranceAbs: PositiveDecimal.optional(),
    tolerancePct: PositiveDecimal.optional(),
    /** PAYG thresholds (days past the period's end). */
    outstandingDays: ThresholdDays.optional(),
    draftDays: ThresholdDays.optional(),
    stuckDays: ThresholdDays.optional(),
    /** PAYG: rows per loan or funding source as well. */
    groupBy: PaygGroupBy.optional(),
    /** Count ages and overdue days up to the end of this day instead of now (open items, PAYG ageing and exceptions). */
    asOf: IsoDate.optional(),
  })
  .refine(rangeInOrder, RANGE_ORDER);

export const ConnectionAddInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('portal'),
    name: ConnectionName,
    baseUrl: z.string().trim().min(1, 'is required'),
    tenant: z.string().trim().min(1, 'is required').max(200),
    currency: CurrencyCode,
    toleranceAbs: PositiveDecimal.optional(),
    tolerancePct: PositiveDecimal.optional(),
  }),
  z.strictObject({
    kind: z.literal('payg'),
    name: ConnectionName,
    baseUrl: z.string().trim().min(1, 'is required'),
  }),
]);

export const SyncStartInput = z.strictObject({ ...Range, period: PeriodKind, force: z.boolean().optional() }).refine(rangeInOrder, RANGE_ORDER);

export const SyncStatusInput = z.strictObject({ connection: ConnectionName.optional() });

export const ReviewSetInput = z.strictObject({
  connection: ConnectionName,
  itemKeys: z.array(z.string().min(1).max(500)).min(1, 'Select at least one row.').max(200_000),
  state: ReviewState,
  reason: ReviewReason.nullable().optional(),
  note: z.string().max(4000, 'is too long (4000 characters at most)').nullable().optional(),
});

export const SignoffInput = z.strictObject({ ...Range, period: PeriodKind, role: SignoffRole }).refine(rangeInOrder, RANGE_ORDER);

/** Where a range stands for sign-off (counts under the saved tolerance, the statement it would sign). */
export const SignoffReadinessInput = z.strictObject({ ...Range, period: PeriodKind }).refine(rangeInOrder, RANGE_ORDER);

/** A new display name for the account running Concilia (audited). */
export const IdentityRenameInput = z.strictObject({ displayName: DisplayName });

/** One item's review history. */
export const ReviewHistoryInput = z.strictObject({ connection: ConnectionName, itemKey: z.string().min(1).max(500) });

/** A connection's saved tolerance: what is not given stays as it is. */
export const ToleranceSetInput = z.strictObject({ connection: ConnectionName, abs: PositiveDecimal.optional(), pct: PositiveDecimal.optional() });

export const AuditLogInput = z.strictObject({ connection: ConnectionName.optional(), from: IsoDate.optional(), to: IsoDate.optional() });
