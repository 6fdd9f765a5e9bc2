import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './context.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with errors turned into UsageError (exit code 2). */
export function parseCommandArgs<T extends Options>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error));
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD date that exists on the calendar. */
export function requireDate(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError(`${flag} YYYY-MM-DD is required.`);
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date as YYYY-MM-DD, not "${value}".`);
  }
  return value;
}

export function requireString(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required.`);
  return value;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback?: T): T {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`${flag} is required (one of ${allowed.join(', ')}).`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}".`);
  }
  return value as T;
}
