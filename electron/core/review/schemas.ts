/**
 * The review shapes a reconciliation carries, as zod schemas: an item's latest review and a
 * sign-off. Declared once here; the TypeScript types (types.ts) are inferred from them and the
 * IPC contract re-exports them.
 */
import { z } from 'zod';
import { DateText, Instant, PeriodKind } from '../scalars.ts';
import { REVIEW_REASONS, REVIEW_STATES, SIGNOFF_ROLES } from './types.ts';

export const ReviewState = z.enum(REVIEW_STATES);
export const ReviewReason = z.enum(REVIEW_REASONS);
export const SignoffRole = z.enum(SIGNOFF_ROLES);

/** The latest review of one item (the history lives in the audit log). */
export const Review = z.object({
  /** The item's key (see keys.ts). */
  itemKey: z.string(),
  state: ReviewState,
  reason: ReviewReason.nullable(),
  note: z.string().nullable(),
  author: z.string(),
  /** ISO-8601 UTC instant. */
  updatedAt: Instant,
});
export type Review = z.infer<typeof Review>;

export const Signoff = z.object({
  id: z.number().int(),
  connection: z.string(),
  from: DateText,
  to: DateText,
  period: PeriodKind,
  role: SignoffRole,
  author: z.string(),
  /** ISO-8601 UTC instant. */
  signedAt: Instant,
  /** sha256 (hex) of the canonical JSON of the figures the sign-off covers. */
  dataHash: z.string(),
  status: z.enum(['live', 'voided']),
  voidedAt: Instant.nullable(),
  /** Names what changed, e.g. "P|12|2026-01-01 providerReported 100.00 -> 120.00". */
  voidReason: z.string().nullable(),
});
export type Signoff = z.infer<typeof Signoff>;
