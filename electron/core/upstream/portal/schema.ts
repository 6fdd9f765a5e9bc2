import { z } from 'zod';
import { currencyExponent, DecimalError, parseDecimalToMinor } from '../../money/index.ts';
import { minorUnits, TooManyDecimalsError } from '../amounts.ts';
import { hasReplacedByte, quote } from '../text.ts';
import { clause, countText, isCountText, isNumberText, numberText } from '../fields.ts';
import { isRecord, malformed, parseBody, readErrorBody, refusedWithSuccessStatus } from '../errors.ts';
import { describeIssues, lazyPlainBody, rawJsonOf, type QuarantinedRecord } from '../quarantine.ts';

/** Portal report bodies, as zod sees them after parseExactJson (numbers are text). */
export const portalEnvelopeSchema = z.object({
  success: z.literal(true),
  data: z.object({
    rows: z.array(z.unknown()),
    grand_total: z.unknown(),
  }),
});

// A provider id ends up in review keys (P|id|date): it must not contain the separator.
// eslint-disable-next-line no-control-regex
const PROVIDER_ID = /^[^|\u0000-\u001f]+$/;
const providerId = z
  .string({ error: 'expected text' })
  .min(1, { error: 'is empty' })
  .max(200, { error: 'is too long' })
  .regex(PROVIDER_ID, { error: 'contains a character not allowed in an id' });

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

export interface PortalParseOptions {
  /** The body was not valid UTF-8: rows whose text shows a replaced byte are set aside. */
  invalidUtf8?: boolean;
  /** Credentials in use, kept out of any message built from the body. */
  secrets?: readonly string[];
}

type RowFields = z.output<typeof portalRowSchema>;

/**
 * portalRowSchema's verdict for the usual, valid row, checked by hand: zod costs several times
 * more per row. Null means "not plainly valid": zod then decides and words the problem.
 */
export function plainlyValidRow(candidate: unknown): RowFields | null {
  if (!isRecord(candidate)) return null;
  const c = candidate;
  const id = c.provider_id;
  if (typeof id !== 'string' || id.length < 1 || id.length > 200 || !PROVIDER_ID.test(id)) return null;
  if (typeof c.provider_name !== 'string') return null;
  if (!isCountText(c.task_count) || !isCountText(c.approved_count) || !isCountText(c.rejected_count) || !isCountText(c.review_count)) return null;
  if (!isNumberText(c.total_invoiced) || !isNumberText(c.total_provider) || !isNumberText(c.total_paid) || !isNumberText(c.pending_payment) || !isNumberText(c.approval_rate)) {
    return null;
  }
  return {
    provider_id: id,
    provider_name: c.provider_name,
    task_count: Number(c.task_count),
    total_invoiced: c.total_invoiced,
    total_provider: c.total_provider,
    total_paid: c.total_paid,
    pending_payment: c.pending_payment,
    approval_rate: c.approval_rate,
    approved_count: Number(c.approved_count),
    rejected_count: Number(c.rejected_count),
    review_count: Number(c.review_count),
  };
}

/** The envelope's rows and grand total, or the zod failure that says what is wrong with it. */
function readEnvelope(exact: unknown): { ok: true; rows: unknown[]; grandTotal: unknown } | { ok: false; error: z.ZodError } {
  if (isRecord(exact) && exact.success === true && isRecord(exact.data) && Array.isArray(exact.data.rows)) {
    return { ok: true, rows: exact.data.rows as unknown[], grandTotal: exact.data.grand_total };
  }
  const envelope = portalEnvelopeSchema.safeParse(exact);
  return envelope.success ? { ok: true, rows: envelope.data.data.rows, grandTotal: envelope.data.data.grand_total } : { ok: false, error: envelope.error };
}

/**
 * Parse a 200 body. An unreadable body (truncated, HTML, wrong envelope) throws a `malformed`
 * UpstreamError, so the request is retried; a single bad row is quarantined and the rest kept.
 */
export function parsePortalReport(bodyText: string, currency: string, status = 200, options: PortalParseOptions = {}): PortalReport {
  const exact = parseBody(TARGET, bodyText, status);
  const envelope = readEnvelope(exact);
  if (!envelope.ok) {
    if (isRecord(exact) && (exact.success === false || exact.success === 'false')) throw refusedWithSuccessStatus(TARGET, readErrorBody(bodyText), status, options.secrets ?? []);
    throw malformed(TARGET, `unexpected shape: ${describeIssues(envelope.error, exact)}`, status);
  }
  // Quarantined records keep their plain JSON; only a body that has one pays for reading it.
  const plain = lazyPlainBody(bodyText);
  const plainData = (): { rows: unknown[]; grand_total: unknown } => (plain() as { data: { rows: unknown[]; grand_total: unknown } }).data;
  const exponent = currencyExponent(currency);
  const rows: PortalRow[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const seen = new Set<string>();
  envelope.rows.forEach((candidate, index) => {
    const recordKey = isRecord(candidate) && typeof candidate.provider_id === 'string' ? candidate.provider_id : null;
    const setAside = (reason: string): void => {
      quarantined.push({ recordKey, rawJson: rawJsonOf(plainData().rows[index]), reason });
    };
    let row = plainlyValidRow(candidate);
    if (!row) {
      const parsed = portalRowSchema.safeParse(candidate);
      if (!parsed.success) {
        setAside(`Row ${index + 1} is unreadable: ${describeIssues(parsed.error, candidate)}.`);
        return;
      }
      row = parsed.data;
    }
    if (options.invalidUtf8 && (hasReplacedByte(row.provider_id) || hasReplacedByte(row.provider_name))) {
      setAside(`Row ${index + 1} (provider ${quote(row.provider_id)}) has text that is not valid UTF-8 (name ${quote(row.provider_name)}); it was set aside rather than stored garbled.`);
      return;
    }
    if (seen.has(row.provider_id)) {
      setAside(`Provider ${row.provider_id} appears twice in the same report; the second row was set aside.`);
      return;
    }
    try {
      // A rate is a percentage, not an amount: read to 6 decimals, its text is stored as sent.
      const rate = rateUnits(row.approval_rate);
      if (rate < 0 || rate > 100_000_000) throw new DecimalError(`approval_rate ${row.approval_rate} is outside 0–100`);
      rows.push({
        providerId: row.provider_id,
        providerName: row.provider_name,
        taskCount: row.task_count,
        invoicedMinor: minor(row.total_invoiced, currency, exponent, 'total_invoiced'),
        providerMinor: minor(row.total_provider, currency, exponent, 'total_provider'),
        paidMinor: minor(row.total_paid, currency, exponent, 'total_paid'),
        pendingMinor: minor(row.pending_payment, currency, exponent, 'pending_payment'),
        approvalRate: row.approval_rate,
        approvedCount: row.approved_count,
        rejectedCount: row.rejected_count,
        reviewCount: row.review_count,
      });
      seen.add(row.provider_id);
    } catch (error) {
      setAside(`Row ${index + 1} is unreadable: ${clause(error instanceof Error ? error.message : String(error))}.`);
    }
  });
  let grandTotal: PortalGrandTotal | null = null;
  const total = portalGrandTotalSchema.safeParse(envelope.grandTotal);
  if (total.success) {
    try {
      grandTotal = {
        taskCount: total.data.task_count,
        invoicedMinor: minor(total.data.total_invoiced, currency, exponent, 'total_invoiced'),
        providerMinor: minor(total.data.total_provider, currency, exponent, 'total_provider'),
        paidMinor: minor(total.data.total_paid, currency, exponent, 'total_paid'),
        pendingMinor: minor(total.data.pending_payment, currency, exponent, 'pending_payment'),
      };
    } catch (error) {
      quarantined.push({ recordKey: 'grand_total', rawJson: rawJsonOf(plainData().grand_total), reason: `The grand total is unreadable: ${clause(error instanceof Error ? error.message : String(error))}.` });
    }
  } else {
    quarantined.push({ recordKey: 'grand_total', rawJson: rawJsonOf(plainData().grand_total), reason: `The grand total is unreadable: ${describeIssues(total.error, envelope.grandTotal)}.` });
  }
  return { currency, rows, grandTotal, quarantined };
}

/**
 * Minor units of one amount field; a failure names the field and quotes the upstream's text:
 * 'total_paid "414799.815" has more decimals than COP has (2): it was set aside, not rounded.'
 */
function minor(text: string, currency: string, exponent: number, field: string): number {
  try {
    return minorUnits(text, exponent);
  } catch (error) {
    if (error instanceof TooManyDecimalsError) throw new DecimalError(`${field} ${quote(text)} has more decimals than ${currency} has (${exponent}): it was set aside, not rounded`);
    throw new DecimalError(`${field} ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** approval_rate in millionths of a percent (only its range is checked: the text is kept). */
function rateUnits(text: string): number {
  try {
    return parseDecimalToMinor(text, 6).minor;
  } catch (error) {
    throw new DecimalError(`approval_rate ${error instanceof Error ? error.message : String(error)}`);
  }
}
