import type { ReadableDB } from '../cache/index.ts';
import { currencyExponent, formatMinor, isCurrencyCode } from '../money/index.ts';
import type { Restatement } from './types.ts';

interface RestatementRow {
  id: number;
  entity: Restatement['entity'];
  entity_key: string;
  period_start: string | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  detected_at: string;
  currency: string | null;
}

/**
 * Restatements of a range: portal figures by their period, billing periods by their start date
 * (looked up when sync did not record it). Oldest first.
 */
export function restatementsOf(
  db: ReadableDB,
  connectionId: number,
  from: string,
  to: string,
  /** The portal connection's currency; billing periods carry their own. */
  currency: string | null,
): Restatement[] {
  const rows = db
    .prepare<{ c: number; from: string; to: string; currency: string | null }, RestatementRow>(
      `SELECT r.id, r.entity, r.entity_key, COALESCE(r.period_start, bp.start_date) AS period_start, r.field, r.old_value, r.new_value, r.detected_at,
         COALESCE(bp.currency, @currency) AS currency
       FROM restatement r
       LEFT JOIN billing_period bp ON r.entity = 'billing_period'
         AND bp.connection_id = r.connection_id AND bp.id = CAST(substr(r.entity_key, 3) AS INTEGER)
       WHERE r.connection_id = @c AND COALESCE(r.period_start, bp.start_date) BETWEEN @from AND @to
       ORDER BY r.detected_at, r.id`,
    )
    .all({ c: connectionId, from, to, currency });
  return rows.map((r) => {
    const exponent = isAmountField(r.field) && r.currency !== null && isCurrencyCode(r.currency) ? currencyExponent(r.currency) : null;
    return {
      id: r.id,
      key: r.entity_key,
      entity: r.entity,
      periodStart: r.period_start,
      field: r.field,
      oldValue: r.old_value,
      newValue: r.new_value,
      oldDisplay: display(r.old_value, exponent),
      newDisplay: display(r.new_value, exponent),
      detectedAt: r.detected_at,
    };
  });
}

/** Sync records amounts as minor units in *_minor columns. */
function isAmountField(field: string): boolean {
  return field.endsWith('_minor');
}

function display(value: string | null, exponent: number | null): string | null {
  if (value === null || exponent === null || !/^-?\d{1,16}$/.test(value)) return value;
  const minor = Number(value);
  return Number.isSafeInteger(minor) ? formatMinor(minor, exponent) : value;
}
