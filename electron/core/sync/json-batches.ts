/**
 * Many rows in one statement: the rows travel as one JSON array of arrays, which the statement
 * reads with json_each (`SELECT r.value->>0, … FROM json_each(?) AS r`). Binding row by row spends
 * most of its time crossing from JavaScript into SQLite and back; one crossing per batch does not.
 */

/** Rows per statement: bounds the JSON text held at once. */
export const JSON_BATCH_ROWS = 5_000;

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Would SQLite's JSON reader store this text exactly as a bound string? Not when it holds a lone
 * UTF-16 surrogate: bound, it becomes one U+FFFD; read from JSON, other bytes. Any surrogate
 * (paired ones too, rare in these fields) sends the row down the one-row-per-statement path.
 */
export function jsonSafeText(text: string | null): boolean {
  return text === null || !SURROGATE.test(text);
}

/** Call `write` with the JSON text of each batch of rows, in order. */
export function forEachJsonBatch(rows: readonly unknown[][], write: (json: string) => void): void {
  for (let start = 0; start < rows.length; start += JSON_BATCH_ROWS) write(JSON.stringify(rows.slice(start, start + JSON_BATCH_ROWS)));
}
