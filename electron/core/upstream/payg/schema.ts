import { z } from 'zod';
import { assertCurrencyCode, currencyExponent } from '../../money/index.ts';
import { minorUnits, TooManyDecimalsError } from '../amounts.ts';
import { hasReplacedByte, quote } from '../text.ts';
import { isCalendarDate } from '../dates.ts';
import { countText, isCountText, isoDate } from '../fields.ts';
import { isRecord, malformed, parseBody } from '../errors.ts';
import { describeIssues, lazyPlainBody, rawJsonOf, type QuarantinedRecord } from '../quarantine.ts';

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

// Ids arrive as number text (parseExactJson); a few upstreams send them as strings.
const ID_TEXT = /^[1-9]\d{0,14}$/;
const idText = z
  .string({ error: 'expected a whole number' })
  .regex(ID_TEXT, { error: 'expected a positive whole number' })
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

export interface PaygParseOptions {
  /** The body was not valid UTF-8: records whose text shows a replaced byte are set aside. */
  invalidUtf8?: boolean;
}

type RecordFields = z.output<typeof billingPeriodSchema>;

/**
 * billingPeriodSchema's verdict for the usual, valid record, checked by hand: zod costs several
 * times more per record. Null means "not plainly valid": zod then decides and words the problem.
 */
export function plainlyValidRecord(candidate: unknown): RecordFields | null {
  if (!isRecord(candidate)) return null;
  const c = candidate;
  if (typeof c.id !== 'string' || !ID_TEXT.test(c.id)) return null;
  if (typeof c.loanName !== 'string' || typeof c.currency !== 'string' || typeof c.totalAmountIncMaintenanceFee !== 'string') return null;
  if (typeof c.start_date !== 'string' || !isCalendarDate(c.start_date) || typeof c.end_date !== 'string' || !isCalendarDate(c.end_date)) return null;
  const status = c.status;
  let statusField: RecordFields['status'];
  if (typeof status === 'string') statusField = status;
  else if (isRecord(status) && typeof status.label === 'string') statusField = status as RecordFields['status'];
  else return null;
  const funding = c.funding_source;
  if (funding !== undefined && funding !== null && typeof funding !== 'string') return null;
  return {
    id: Number(c.id),
    loanName: c.loanName,
    start_date: c.start_date,
    end_date: c.end_date,
    status: statusField,
    currency: c.currency,
    totalAmountIncMaintenanceFee: c.totalAmountIncMaintenanceFee,
    funding_source: funding,
  };
}

/** Currency exponents already worked out: the same few codes come back on every record. */
const exponents = new Map<string, number>();

function exponentOf(code: string): number | null {
  const known = exponents.get(code);
  if (known !== undefined) return known;
  try {
    const exponent = currencyExponent(assertCurrencyCode(code));
    exponents.set(code, exponent);
    return exponent;
  } catch {
    return null;
  }
}

const KNOWN_STATUSES: ReadonlySet<string> = new Set(BILLING_STATUSES);

/**
 * Validate one billing period; never throws (a bad record is flagged, not fatal). `plain` gives
 * the record as plain JSON.parse reads it, for the quarantine's raw JSON: asked only when flagged.
 */
export function parseBillingPeriod(exact: unknown, plain: () => unknown = () => exact, options: PaygParseOptions = {}): RecordOutcome {
  const recordKey = isRecord(exact) && typeof exact.id === 'string' ? exact.id : null;
  const flag = (reason: string): RecordOutcome => ({ ok: false, quarantined: { recordKey, rawJson: rawJsonOf(plain()), reason } });
  let r = plainlyValidRecord(exact);
  if (!r) {
    const parsed = billingPeriodSchema.safeParse(exact);
    if (!parsed.success) return flag(`Billing period ${recordKey ?? '(no id)'} is unreadable: ${describeIssues(parsed.error, exact)}.`);
    r = parsed.data;
  }
  const label = typeof r.status === 'string' ? r.status : r.status.label;
  if (!KNOWN_STATUSES.has(label)) {
    return flag(`Billing period ${r.id} has an unknown status "${label.slice(0, 60)}"; known statuses are ${BILLING_STATUSES.join(', ')}.`);
  }
  const exponent = exponentOf(r.currency);
  if (exponent === null) return flag(`Billing period ${r.id} has an unreadable currency "${r.currency.slice(0, 20)}".`);
  let amountMinor: number;
  try {
    amountMinor = minorUnits(r.totalAmountIncMaintenanceFee, exponent);
  } catch (error) {
    if (error instanceof TooManyDecimalsError) {
      return flag(`Billing period ${r.id} has the amount ${quote(r.totalAmountIncMaintenanceFee, 40)}, with more decimals than ${r.currency} has (${exponent}): it was set aside, not rounded.`);
    }
    return flag(`Billing period ${r.id} has an unreadable amount ${quote(r.totalAmountIncMaintenanceFee, 40)}.`);
  }
  if (options.invalidUtf8 && (hasReplacedByte(r.loanName) || hasReplacedByte(r.funding_source))) {
    return flag(`Billing period ${r.id} has text that is not valid UTF-8 (loan name ${quote(r.loanName)}); it was set aside rather than stored garbled.`);
  }
  return {
    ok: true,
    record: {
      id: r.id,
      loanName: r.loanName,
      startDate: r.start_date,
      endDate: r.end_date,
      status: label as BillingStatus,
      currency: r.currency,
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

/** The page's count and results, or the zod failure that says what is wrong with it. */
function readPage(exact: unknown): { ok: true; count: number; results: unknown[] } | { ok: false; error: z.ZodError } {
  if (isRecord(exact) && isCountText(exact.count) && Array.isArray(exact.results)) return { ok: true, count: Number(exact.count), results: exact.results as unknown[] };
  const page = paygPageSchema.safeParse(exact);
  return page.success ? { ok: true, count: page.data.count, results: page.data.results } : { ok: false, error: page.error };
}

export function parsePaygPage(bodyText: string, status = 200, options: PaygParseOptions = {}): PaygPage {
  const exact = parseBody(TARGET, bodyText, status);
  const page = readPage(exact);
  if (!page.ok) throw malformed(TARGET, `unexpected shape: ${describeIssues(page.error, exact)}`, status);
  const plain = lazyPlainBody(bodyText);
  const records: BillingPeriodRecord[] = [];
  const quarantined: QuarantinedRecord[] = [];
  page.results.forEach((candidate, index) => {
    const outcome = parseBillingPeriod(
      candidate,
      () => {
        const body = plain();
        return isRecord(body) && Array.isArray(body.results) ? (body.results as unknown[])[index] : undefined;
      },
      options,
    );
    if (outcome.ok) records.push(outcome.record);
    else quarantined.push(outcome.quarantined);
  });
  return { count: page.count, records, quarantined, resultCount: page.results.length };
}

export function parsePaygRecord(bodyText: string, status = 200, options: PaygParseOptions = {}): RecordOutcome {
  const exact = parseBody(TARGET, bodyText, status);
  if (!isRecord(exact)) throw malformed(TARGET, 'expected one billing period', status);
  return parseBillingPeriod(exact, lazyPlainBody(bodyText), options);
}
