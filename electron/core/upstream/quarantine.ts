import type { z } from 'zod';

/** A record that failed validation: kept raw, with the reason, never dropped silently. */
export interface QuarantinedRecord {
  /** Upstream id or provider id, when readable. */
  recordKey: string | null;
  rawJson: string;
  reason: string;
}

/** The first problems of a zod failure, as one readable sentence. */
export function describeIssues(error: z.ZodError, input?: unknown): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'record';
    if (issue.code === 'invalid_type' && input !== undefined && valueAt(input, issue.path) === undefined) return `${where} is missing`;
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${parts.join('; ')}${more}`;
}

/** Raw JSON of one record for the quarantine table (bounded: a hostile record cannot bloat the cache). */
export function rawJsonOf(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'null';
  } catch {
    text = String(value);
  }
  return text.length > 20_000 ? `${text.slice(0, 20_000)}…` : text;
}

/**
 * The body as plain JSON.parse reads it (numbers as numbers, as the quarantine has always kept
 * them), parsed on first use only: most bodies have nothing to quarantine and never need it.
 */
export function lazyPlainBody(bodyText: string): () => unknown {
  let parsed = false;
  let value: unknown;
  return () => {
    if (!parsed) {
      value = JSON.parse(bodyText);
      parsed = true;
    }
    return value;
  };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
