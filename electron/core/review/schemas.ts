/**
 * The review shapes a reconciliation carries, as zod schemas: an item's latest review (with the
 * mark a restatement leaves when it reopens it) and a sign-off (with what it attested and why it
 * was voided, as data the faces say in the reader's language). Declared once here; the TypeScript
 * types (types.ts) are inferred from them and the IPC contract re-exports them.
 */
import { z } from 'zod';
import { DateText, Decimal, Instant, PeriodKind } from '../scalars.ts';
import { REVIEW_ITEM_KINDS, REVIEW_REASONS, REVIEW_STATES, SIGNOFF_ROLES } from './types.ts';

export const ReviewState = z.enum(REVIEW_STATES);
export const ReviewReason = z.enum(REVIEW_REASONS);
export const SignoffRole = z.enum(SIGNOFF_ROLES);
export const ReviewItemKind = z.enum(REVIEW_ITEM_KINDS);

/** One figure of an item that a restatement changed: old and new as exact decimal text (or counts, statuses, dates). */
export const FigureChange = z.object({
  /** The figure, as the figures name it: providerReported, invoiced, paid, amount, status… */
  field: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type FigureChange = z.infer<typeof FigureChange>;

/** What a review says of an item: its state, why, and a note. */
export const ReviewValues = z.object({ state: ReviewState, reason: ReviewReason.nullable(), note: z.string().nullable() });
export type ReviewValues = z.infer<typeof ReviewValues>;

/** How a reviewed item was returned to open: its figures changed upstream. */
export const Reopening = z.object({
  /** ISO-8601 UTC instant. */
  at: Instant,
  changes: z.array(FigureChange),
  /** The review it had before. */
  previous: ReviewValues,
});
export type Reopening = z.infer<typeof Reopening>;

/** The latest review of one item (the history lives in the audit log). */
export const Review = z.object({
  /** The item's key (see keys.ts). */
  itemKey: z.string(),
  ...ReviewValues.shape,
  /** The reviewer's display name when the review was made. */
  author: z.string(),
  /** The account that made it ('unverified:<name>' for a name typed before identities). */
  accountId: z.string(),
  /** ISO-8601 UTC instant. */
  updatedAt: Instant,
  /** Set while the item is open again because its figures changed after it was reviewed. */
  reopened: Reopening.nullable(),
});
export type Review = z.infer<typeof Review>;

/** What people call an item: its key for machines, a name and a period for people. */
export const ItemLabel = z.object({
  key: z.string(),
  /** The provider's or loan's name, when known. */
  name: z.string().nullable(),
  periodStart: DateText.nullable(),
  periodKind: PeriodKind.nullable(),
  /** The currency of an amount field, when it is one. */
  currency: z.string().nullable(),
});
export type ItemLabel = z.infer<typeof ItemLabel>;

/** A restated figure named for people: the item (with its provider or loan and period) and old -> new. */
export const ItemFigureChange = FigureChange.extend({ item: ItemLabel });
export type ItemFigureChange = z.infer<typeof ItemFigureChange>;

/** How many items of each kind are in each state. */
export const ReviewTally = z.object({
  discrepancies: z.record(ReviewState, z.number().int()),
  findings: z.record(ReviewState, z.number().int()),
  exceptions: z.record(ReviewState, z.number().int()),
});
export type ReviewTally = z.infer<typeof ReviewTally>;

/** The saved exception thresholds of a PAYG connection, in days. */
export const AttestedThresholds = z.object({ outstandingDays: z.number().int(), draftDays: z.number().int(), stuckDays: z.number().int() });

/** What a sign-off attested besides its hash: the tolerance it was reconciled with and the items it covered. */
export const Attested = z.object({
  /** Portal: the saved tolerance (amount as decimal text in the currency, percent); PAYG: null. */
  tolerance: z.object({ abs: Decimal, pct: Decimal, currency: z.string() }).nullable(),
  /** PAYG: the saved exception thresholds (days); portal: null. */
  thresholds: AttestedThresholds.nullable(),
  /** Items that needed a review, by kind and state (none open: a preparer sign-off is refused otherwise). */
  tally: ReviewTally,
});
export type Attested = z.infer<typeof Attested>;

/** Why a sign-off was voided, as data: the faces say it in the reader's language. */
export const VoidReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('figures_changed'), role: SignoffRole, author: z.string(), changes: z.array(ItemFigureChange), more: z.number().int() }),
  z.object({ kind: z.literal('replaced'), role: SignoffRole, author: z.string() }),
  /** Written before 0005, in English. */
  z.object({ kind: z.literal('text'), text: z.string() }),
]);
export type VoidReason = z.infer<typeof VoidReason>;

export const Signoff = z.object({
  id: z.number().int(),
  connection: z.string(),
  from: DateText,
  to: DateText,
  period: PeriodKind,
  role: SignoffRole,
  /** The account's display name. */
  author: z.string(),
  accountId: z.string(),
  /** Signed with a registered key of a real account (false for names typed before identities). */
  signed: z.boolean(),
  /** ISO-8601 UTC instant. */
  signedAt: Instant,
  /** sha256 (hex) of the signed statement: figures, tolerance and review states (statement.ts). */
  dataHash: z.string(),
  /** sha256 (hex) of the figures alone: a restatement changes it and voids the sign-off. */
  figuresHash: z.string(),
  /** Tolerance and counts (null for sign-offs made before identities). */
  attested: Attested.nullable(),
  status: z.enum(['live', 'voided']),
  voidedAt: Instant.nullable(),
  /** Why it was voided, in English (the faces say `voidDetail` in the reader's language). */
  voidReason: z.string().nullable(),
  voidDetail: VoidReason.nullable(),
});
export type Signoff = z.infer<typeof Signoff>;
