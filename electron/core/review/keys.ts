/**
 * Stable keys for everything an accountant can review. The same key names a discrepancy in the
 * cache (review, restatement), in the reconciliation JSON, in the workbook's `Key` column and in
 * the review import, so a note made in Excel finds its way back to the right row.
 *
 *   portal row       P|<providerId>|<periodStart>
 *   billing period   B|<upstream id>
 *   finding          F|<check>|<providerId or ->|<periodStart>
 */
export type ItemKey = string;

const SEP = '|';

// Template literals rather than join: a reconciliation builds one key per row, 100,000 at a time.
export function portalRowKey(providerId: string, periodStart: string): ItemKey {
  const key = `P${SEP}${providerId}${SEP}${periodStart}`;
  // A concatenation is a tree of its pieces (three nodes here) until something reads it as a
  // whole; reading one character makes it one flat string now, half the memory, and spares each
  // later reader (a Map lookup, a regex, a workbook cell) the first-time conversion.
  key.charCodeAt(0);
  return key;
}

export function billingPeriodKey(id: number): ItemKey {
  return `B${SEP}${id}`;
}

export function findingKey(check: string, providerId: string | null, periodStart: string): ItemKey {
  return ['F', check, providerId ?? '-', periodStart].join(SEP);
}

export type ParsedItemKey =
  | { kind: 'portal_row'; providerId: string; periodStart: string }
  | { kind: 'billing_period'; id: number }
  | { kind: 'finding'; check: string; providerId: string | null; periodStart: string };

/** Parse a key; returns null for anything malformed (an import must report, not crash). */
export function parseItemKey(key: string): ParsedItemKey | null {
  const parts = key.split(SEP);
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (parts[0] === 'P' && parts.length === 3 && parts[1] && date.test(parts[2] ?? '')) {
    return { kind: 'portal_row', providerId: parts[1], periodStart: parts[2] ?? '' };
  }
  if (parts[0] === 'B' && parts.length === 2 && /^\d{1,15}$/.test(parts[1] ?? '')) {
    return { kind: 'billing_period', id: Number(parts[1]) };
  }
  if (parts[0] === 'F' && parts.length === 4 && parts[1] && date.test(parts[3] ?? '')) {
    return { kind: 'finding', check: parts[1], providerId: parts[2] === '-' ? null : (parts[2] ?? null), periodStart: parts[3] ?? '' };
  }
  return null;
}
