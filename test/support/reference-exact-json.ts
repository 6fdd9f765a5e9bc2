/**
 * The reference for electron/core/money/exact-json.ts (parseExactJson): simple enough to trust, too slow
 * for production (a reviver call per value). Tests check the fast parser against it.
 *
 * JSON parsing that keeps every number's source text.
 *
 * `JSON.parse` turns 245800.10 into the nearest binary double; for money we want the digits the
 * upstream actually wrote. V8's JSON.parse source-text access hands the reviver the literal, so each
 * number is returned as its exact decimal text (a string). Schemas then parse those strings exactly.
 */
type ReviverContext = { source?: string };

export function parseJsonKeepingNumberText(text: string): unknown {
  return JSON.parse(text, function reviver(this: unknown, _key: string, value: unknown, context?: ReviverContext) {
    if (typeof value === 'number') {
      return context?.source ?? String(value);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}
