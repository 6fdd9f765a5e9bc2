/**
 * The command line checks what it was given with the app's own input schemas (the contract's):
 * a value the window refuses, `concilia` refuses too, with the same words. Here only the flags'
 * text becomes the input's types (numbers, booleans); every rule lives in the schema.
 */
import type { z } from 'zod';
import { describeIssue } from '../contract/issues.ts';
import { UsageError } from './context.ts';

/** Input field -> the flag or argument that fills it, for the message ("--outstanding-days", "NAME"). */
export type FlagNames = Readonly<Record<string, string>>;

/** Parse with the schema; the first problem becomes a usage error (exit 2) naming the flag. */
export function parseInput<S extends z.ZodType>(schema: S, input: Record<string, unknown>, flags: FlagNames): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new UsageError('the arguments are not valid.');
  const field = String(issue.path[0] ?? '');
  const flag = flags[field] ?? field;
  // A flag that was not given at all: say it is needed, not what type it should have been.
  if (issue.path.length === 1 && input[field] === undefined) throw new UsageError(`${flag} is required.`);
  throw new UsageError(`${describeIssue(issue, (path) => (path.length === 0 ? '' : (flags[String(path[0])] ?? path.map(String).join('.'))))}.`);
}

/** A flag's digits as a number for the schema to judge; anything else stays text, which the schema refuses. */
export function numberOrText(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : value;
}
