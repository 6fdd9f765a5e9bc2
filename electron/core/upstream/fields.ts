import { z } from 'zod';
import { isCalendarDate } from './dates.ts';

/**
 * Field schemas shared by both upstreams. Bodies are parsed with parseJsonKeepingNumberText, so a
 * JSON number reaches these schemas as its exact source text (a string).
 */
export const numberText = z
  .string({ error: 'expected a number' })
  .regex(/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/, { error: 'expected a number' });

export const countText = z
  .string({ error: 'expected a whole number' })
  .regex(/^\d{1,15}$/, { error: 'expected a whole number' })
  .transform(Number);

export const isoDate = z.string({ error: 'expected a date' }).refine(isCalendarDate, { error: 'expected a date as YYYY-MM-DD' });
