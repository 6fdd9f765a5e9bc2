import { z } from 'zod';
import { currencyExponent, parseDecimalToMinor, parseJsonKeepingNumberText, DecimalError } from '../../money/index.ts';
import { countText, numberText } from '../fields.ts';
import { isRecord, malformed } from '../errors.ts';
import { describeIssues, rawJsonOf, type QuarantinedRecord } from '../quarantine.ts';

/** Portal report bodies, as zod sees them after parseJsonKeepingNumberText (numbers are text). */
export const portalEnvelopeSchema = z.object({
  success: z.literal(true),
  data: z.object({
    rows: z.array(z.unknown()),
    grand_total: z.unknown(),
  }),
});

// A provider id ends up in review keys (P|id|date): it must not contain the separator.
const providerId = z
  .string({ error: 'expected text' })
  .min(1, { error: 'is empty' })
  .max(200, { error: 'is too long' })
  // eslint-disable-next-line no-control-regex
  .regex(/^[^|\u0000-\u001f]+$/, { error: 'contains a character not allowed in an id' });

export const portalRowSchema = z.object({
  provider_id: providerId,
  provider_name: z.string({ error: 'expected text' }),
  task_count: countText,
  total_invoiced: numberText,
  total_provider: numberText,
  total_paid: numberText,
  pending_payment: numberText,
  approval_rate: numberText,
  approved_count: countText,
  rejected_count: countText,
  review_count: countText,
});

export const portalGrandTotalSchema = z.object({
  total_invoiced: numberText,
  total_provider: numberText,
  total_paid: numberText,
  pending_payment: numberText,
  task_count: countText,
});

export interface PortalRow {
  providerId: string;
  providerName: string;
  taskCount: number;
  invoicedMinor: number;
  providerMinor: number;
  paidMinor: number;
  pendingMinor: number;
  /** Exact decimal text as sent, 0–100. */
  approvalRate: string;
  approvedCount: number;
  rejectedCount: number;
  reviewCount: number;
}

export interface PortalGrandTotal {
  taskCount: number;
  invoicedMinor: number;
  providerMinor: number;
  paidMinor: number;
  pendingMinor: number;
}

export interface PortalReport {
  currency: string;
  rows: PortalRow[];
  /** Null when the grand total itself was unreadable (it is then quarantined). */
  grandTotal: PortalGrandTotal | null;
  quarantined: QuarantinedRecord[];
}

const TARGET = 'the portal';

/**
 * Parse a 200 body. An unreadable body (truncated, HTML, wrong envelope) throws a `malformed`
 * UpstreamError, so the request is retried; a single bad row is quarantined and the rest kept.
 */
export function parsePortalReport(bodyText: string, currency: string, status = 200): PortalReport {
  let exact: unknown;
  try {
    exact = parseJsonKeepingNumberText(bodyText);
  } catch {
    throw malformed(TARGET, /^\s*</.test(bodyText) ? 'a web page instead of data' : bodyText.trim() === '' ? 'an empty reply' : 'incomplete or invalid JSON', status);
  }
  const envelope = portalEnvelopeSchema.safeParse(exact);
  if (!envelope.success) {
    const explicitFailure = isRecord(exact) && exact.success === false;
    throw malformed(TARGET, explicitFailure ? 'it reported a failure with a success status' : `unexpected shape: ${describeIssues(envelope.error, exact)}`, status);
  }
  const plain = JSON.parse(bodyText) as { data: { rows: unknown[]; grand_total: unknown } };
  const exponent = currencyExponent(currency);
  const rows: PortalRow[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const seen = new Set<string>();
  envelope.data.data.rows.forEach((candidate, index) => {
    const raw = rawJsonOf(plain.data.rows[index]);
    const recordKey = isRecord(candidate) && typeof candidate.provider_id === 'string' ? candidate.provider_id : null;
    const parsed = portalRowSchema.safeParse(candidate);
    if (!parsed.success) {
      quarantined.push({ recordKey, rawJson: raw, reason: `Row ${index + 1} is unreadable: ${describeIssues(parsed.error, candidate)}.` });
      return;
    }
    const row = parsed.data;
    if (seen.has(row.provider_id)) {
      quarantined.push({ recordKey, rawJson: raw, reason: `Provider ${row.provider_id} appears twice in the same report; the second row was set aside.` });
      return;
    }
    try {
      const rate = parseDecimalToMinor(row.approval_rate, 6).minor;
      if (rate < 0 || rate > 100_000_000) throw new DecimalError(`approval_rate ${row.approval_rate} is outside 0–100`);
      rows.push({
        providerId: row.provider_id,
        providerName: row.provider_name,
        taskCount: row.task_count,
        invoicedMinor: minor(row.total_invoiced, exponent, 'total_invoiced'),
        providerMinor: minor(row.total_provider, exponent, 'total_provider'),
        paidMinor: minor(row.total_paid, exponent, 'total_paid'),
        pendingMinor: minor(row.pending_payment, exponent, 'pending_payment'),
        approvalRate: row.approval_rate,
        approvedCount: row.approved_count,
        rejectedCount: row.rejected_count,
        reviewCount: row.review_count,
      });
      seen.add(row.provider_id);
    } catch (error) {
      quarantined.push({ recordKey, rawJson: raw, reason: `Row ${index + 1} is unreadable: ${error instanceof Error ? error.message : String(error)}.` });
    }
  });
  let grandTotal: PortalGrandTotal | null = null;
  const total = portalGrandTotalSchema.safeParse(envelope.data.data.grand_total);
  if (total.success) {
    try {
      grandTotal = {
        taskCount: total.data.task_count,
        invoicedMinor: minor(total.data.total_invoiced, exponent, 'total_invoiced'),
        providerMinor: minor(total.data.total_provider, exponent, 'total_provider'),
        paidMinor: minor(total.data.total_paid, exponent, 'total_paid'),
        pendingMinor: minor(total.data.pending_payment, exponent, 'pending_payment'),
      };
    } catch (error) {
      quarantined.push({ recordKey: 'grand_total', rawJson: rawJsonOf(plain.data.grand_total), reason: `The grand total is unreadable: ${error instanceof Error ? error.message : String(error)}.` });
    }
  } else {
    quarantined.push({ recordKey: 'grand_total', rawJson: rawJsonOf(plain.data.grand_total), reason: `The grand total is unreadable: ${describeIssues(total.error, envelope.data.data.grand_total)}.` });
  }
  return { currency, rows, grandTotal, quarantined };
}

function minor(text: string, exponent: number, field: string): number {
  try {
    return parseDecimalToMinor(text, exponent).minor;
  } catch (error) {
    throw new DecimalError(`${field} ${error instanceof Error ? error.message : String(error)}`);
  }
}
