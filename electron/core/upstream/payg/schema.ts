import { z } from 'zod';
import { assertCurrencyCode, currencyExponent, parseDecimalToMinor, parseJsonKeepingNumberText } from '../../money/index.ts';
import { countText, isoDate } from '../fields.ts';
import { isRecord, malformed } from '../errors.ts';
import { describeIssues, rawJsonOf, type QuarantinedRecord } from '../quarantine.ts';

export const BILLING_STATUSES = ['DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PAYMENT_COMPLETE', 'PAYMENT_FAILED', 'PENDING'] as const;
export type BillingStatus = (typeof BILLING_STATUSES)[number];

/**
 * Statuses that can no longer change. PAYMENT_COMPLETE is final. PAYMENT_FAILED is final only
 * once it is old (see FAILED_SETTLES_AFTER_DAYS): a failed collection may be retried for a while
 * and then complete, but one still failed months later is treated as settled, otherwise every
 * month holding one failure would be re-fetched forever.
 */
export const FINAL_STATUSES: ReadonlySet<BillingStatus> = new Set<BillingStatus>(['PAYMENT_COMPLETE']);

/** A window ending more than this many days ago counts PAYMENT_FAILED as final. */
export const FAILED_SETTLES_AFTER_DAYS = 90;

export const paygPageSchema = z.object({
  count: countText,
  results: z.array(z.unknown()),
  next: z.unknown().optional(),
  previous: z.unknown().optional(),
});

// Ids arrive as number text (parseJsonKeepingNumberText); a few upstreams send them as strings.
const idText = z
  .string({ error: 'expected a whole number' })
  .regex(/^[1-9]\d{0,14}$/, { error: 'expected a positive whole number' })
  .transform(Number);

export const billingPeriodSchema = z.object({
  id: idText,
  loanName: z.string({ error: 'expected text' }),
  start_date: isoDate,
  end_date: isoDate,
  status: z.union([z.object({ label: z.string({ error: 'expected text' }) }).loose(), z.string()], { error: 'expected an object with a label' }),
  currency: z.string({ error: 'expected a currency code' }),
  totalAmountIncMaintenanceFee: z.string({ error: 'expected a decimal amount' }),
  funding_source: z.string().nullish(),
});

export interface BillingPeriodRecord {
  id: number;
  loanName: string;
  startDate: string;
  endDate: string;
  status: BillingStatus;
  currency: string;
  amountMinor: number;
  fundingSource: string | null;
}

export type RecordOutcome = { ok: true; record: BillingPeriodRecord } | { ok: false; quarantined: QuarantinedRecord };

/** Validate one billing period; never throws (a bad record is flagged, not fatal). */
export function parseBillingPeriod(exact: unknown, plain: unknown): RecordOutcome {
  const recordKey = isRecord(exact) && typeof exact.id === 'string' ? exact.id : null;
  const flag = (reason: string): RecordOutcome => ({ ok: false, quarantined: { recordKey, rawJson: rawJsonOf(plain), reason } });
  const parsed = billingPeriodSchema.safeParse(exact);
  if (!parsed.success) return flag(`Billing period ${recordKey ?? '(no id)'} is unreadable: ${describeIssues(parsed.error, exact)}.`);
  const r = parsed.data;
  const label = typeof r.status === 'string' ? r.status : r.status.label;
  if (!(BILLING_STATUSES as readonly string[]).includes(label)) {
    return flag(`Billing period ${r.id} has an unknown status "${label.slice(0, 60)}"; known statuses are ${BILLING_STATUSES.join(', ')}.`);
  }
  let currency: string;
  try {
    currency = assertCurrencyCode(r.currency);
  } catch {
    return flag(`Billing period ${r.id} has an unreadable currency "${r.currency.slice(0, 20)}".`);
  }
  let amountMinor: number;
  try {
    amountMinor = parseDecimalToMinor(r.totalAmountIncMaintenanceFee, currencyExponent(currency)).minor;
  } catch {
    return flag(`Billing period ${r.id} has an unreadable amount "${r.totalAmountIncMaintenanceFee.slice(0, 40)}".`);
  }
  return {
    ok: true,
    record: {
      id: r.id,
      loanName: r.loanName,
      startDate: r.start_date,
      endDate: r.end_date,
      status: label as BillingStatus,
      currency,
      amountMinor,
      fundingSource: r.funding_source ?? null,
    },
  };
}

export interface PaygPage {
  count: number;
  records: BillingPeriodRecord[];
  quarantined: QuarantinedRecord[];
  /** Every id seen on the page, valid or not (for de-duplication and paging). */
  resultCount: number;
}

const TARGET = 'the PAYG service';

function parseExact(bodyText: string, status: number): { exact: unknown; plain: unknown } {
  try {
    return { exact: parseJsonKeepingNumberText(bodyText), plain: JSON.parse(bodyText) };
  } catch {
    throw malformed(TARGET, /^\s*</.test(bodyText) ? 'a web page instead of data' : bodyText.trim() === '' ? 'an empty reply' : 'incomplete or invalid JSON', status);
  }
}

export function parsePaygPage(bodyText: string, status = 200): PaygPage {
  const { exact, plain } = parseExact(bodyText, status);
  const page = paygPageSchema.safeParse(exact);
  if (!page.success) throw malformed(TARGET, `unexpected shape: ${describeIssues(page.error, exact)}`, status);
  const plainResults = isRecord(plain) && Array.isArray(plain.results) ? (plain.results as unknown[]) : [];
  const records: BillingPeriodRecord[] = [];
  const quarantined: QuarantinedRecord[] = [];
  page.data.results.forEach((candidate, index) => {
    const outcome = parseBillingPeriod(candidate, plainResults[index]);
    if (outcome.ok) records.push(outcome.record);
    else quarantined.push(outcome.quarantined);
  });
  return { count: page.data.count, records, quarantined, resultCount: page.data.results.length };
}

export function parsePaygRecord(bodyText: string, status = 200): RecordOutcome {
  const { exact, plain } = parseExact(bodyText, status);
  if (!isRecord(exact)) throw malformed(TARGET, 'expected one billing period', status);
  return parseBillingPeriod(exact, plain);
}
