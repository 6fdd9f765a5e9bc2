/**
 * The scalar shapes every result of the core is made of, as zod schemas: the one place a date,
 * an instant, an exact decimal or a currency code is described. Result schemas (reconcile, review)
 * build on these; the IPC contract re-exports them.
 */
import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date in an answer: shape only. Answers come from the cache, whose dates the core wrote; the
 * calendar check the contract makes of typed dates would cost ~0.5 s on 100,000 rows.
 */
export const DateText = z.string().regex(ISO_DATE, 'must be a date as YYYY-MM-DD');

/** An ISO-8601 instant as stored in the cache ("2026-11-21T21:50:33.000Z"). */
export const Instant = z.string().min(1);

/** An exact decimal amount or percent, as text. */
export const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number such as 1234.50');

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be three capital letters, such as COP or USD');

/** An amount in integer minor units of its currency (cents, or whole yen). */
export const Minor = z.number().int();

export const Count = z.number().int();

/** How a range is cut into periods: calendar months, ISO weeks, or the whole range as one. */
export const PeriodKind = z.enum(['month', 'week', 'range']);
export type PeriodKind = z.infer<typeof PeriodKind>;
