import { z } from 'zod';
import { isCalendarDate } from './dates.ts';

/**
 * Field schemas shared by both upstreams. Bodies are parsed with parseExactJson, so a JSON number
 * reaches these schemas as its exact source text (a string).
 *
 * The patterns are exported so the hand-written fast checks of the parsers test exactly what the
 * schemas test: a record either passes both or goes to zod, which words the problem.
 */
export const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
export const COUNT_TEXT = /^\d{1,15}$/;

export const numberText = z.string({ error: 'expected a number' }).regex(NUMBER_TEXT, { error: 'expected a number' });

export const countText = z
  .string({ error: 'expected a whole number' })
  .regex(COUNT_TEXT, { error: 'expected a whole number' })
  .transform(Number);

export const isoDate = z.string({ error: 'expected a date' }).refine(isCalendarDate, { error: 'expected a date as YYYY-MM-DD' });

/** What numberText accepts. */
export function isNumberText(value: unknown): value is string {
  return typeof value === 'string' && NUMBER_TEXT.test(value);
}

/** What countText accepts (its output is Number(value)). */
export function isCountText(value: unknown): value is string {
  return typeof value === 'string' && COUNT_TEXT.test(value);
}

/** "x has an exponent out of range." inside a sentence of ours: one final period, not two. */
export function clause(text: string): string {
  return text.replace(/\.+$/, '');
}
