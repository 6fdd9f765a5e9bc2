/**
 * What an item key names, in the words a person reads: the provider or loan and the period. The
 * keys (P|…, B|…, F|…) are for machines; screens and messages show these instead. Read-only, by
 * primary key or index, a few hundred keys at a time.
 */
import type { ReadableDB } from '../cache/index.ts';
import { parseItemKey } from '../review/keys.ts';
import type { ItemName } from './schemas.ts';

export function describeItems(db: ReadableDB, connectionId: number, keys: readonly string[]): ItemName[] {
  const provider = db.prepare<{ c: number; start: string; provider: string }, { provider_name: string; period_end: string }>(
    `SELECT provider_name, period_end FROM portal_row
     WHERE connection_id = @c AND period_start = @start AND provider_id = @provider LIMIT 1`,
  );
  // A billing period the upstream confirmed gone has left billing_period for billing_period_removal
  // (its restatement and its reviews still name it): the latest removal names it then.
  const loan = db.prepare<{ c: number; id: number }, { loan_name: string; start_date: string; end_date: string; currency: string }>(
    `SELECT loan_name, start_date, end_date, currency, 0 AS gone FROM billing_period WHERE connection_id = @c AND id = @id
     UNION ALL
     SELECT * FROM (SELECT loan_name, start_date, end_date, currency, 1 AS gone FROM billing_period_removal
                    WHERE connection_id = @c AND billing_period_id = @id ORDER BY removed_at DESC LIMIT 1)
     ORDER BY gone LIMIT 1`,
  );
  return keys.map((key): ItemName => {
    const parsed = parseItemKey(key);
    if (parsed?.kind === 'billing_period') {
      const row = loan.get({ c: connectionId, id: parsed.id });
      return { key, kind: 'billing_period', name: row?.loan_name ?? null, ref: String(parsed.id), periodStart: row?.start_date ?? null, periodEnd: row?.end_date ?? null, check: null, currency: row?.currency ?? null };
    }
    if (parsed?.kind === 'portal_row' || parsed?.kind === 'finding') {
      const row = parsed.providerId === null ? undefined : provider.get({ c: connectionId, start: parsed.periodStart, provider: parsed.providerId });
      return {
        key,
        kind: parsed.kind,
        name: row?.provider_name ?? null,
        ref: parsed.providerId,
        periodStart: parsed.periodStart,
        periodEnd: row?.period_end ?? null,
        check: parsed.kind === 'finding' ? parsed.check : null,
        currency: null,
      };
    }
    return { key, kind: 'unknown', name: null, ref: null, periodStart: null, periodEnd: null, check: null, currency: null };
  });
}
