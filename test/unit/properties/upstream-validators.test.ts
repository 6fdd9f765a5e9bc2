/**
 * The response validators under arbitrary, truncated and wrongly typed bodies. What must hold:
 * a body is either read exactly (every amount to the minor unit) or refused with an UpstreamError
 * of kind `malformed` (so the request is retried); one bad record is quarantined with a reason
 * naming what is wrong and the rest is kept; nothing else ever escapes, and no number is wrong.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UpstreamError } from '../../../electron/core/http/errors.ts';
import { parsePortalReport } from '../../../electron/core/upstream/portal/index.ts';
import { parsePaygPage, parsePaygRecord } from '../../../electron/core/upstream/payg/index.ts';

function expectMalformedOrValue(read: () => unknown): void {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe('malformed');
    expect((error as UpstreamError).message).toMatch(/could not be read/);
  }
}

/** One amount in minor units, written as any of the JSON literals that mean exactly it. */
const amountLiteral = (exponent: number) =>
  fc.tuple(fc.integer({ min: 0, max: 10 ** 13 }), fc.constantFrom('fixed', 'trimmed', 'padded', 'exponent')).map(([minor, style]) => {
    const digits = String(minor).padStart(exponent + 1, '0');
    const whole = digits.slice(0, digits.length - exponent);
    const frac = digits.slice(digits.length - exponent);
    let text: string;
    if (style === 'fixed') text = exponent === 0 ? whole : `${whole}.${frac}`;
    else if (style === 'trimmed') text = frac.replace(/0+$/, '') === '' ? whole : `${whole}.${frac.replace(/0+$/, '')}`;
    else if (style === 'padded') text = `${whole}.${frac}000`;
    else text = `${minor}e-${exponent}`;
    return { minor, text };
  });

interface GenRow {
  providerId: string;
  name: string;
  tasks: number;
  invoiced: { minor: number; text: string };
  provider: { minor: number; text: string };
  paid: { minor: number; text: string };
  pending: { minor: number; text: string };
  rate: string;
  approved: number;
  rejected: number;
  review: number;
}

const portalRow: fc.Arbitrary<GenRow> = fc.record({
  providerId: fc.stringMatching(/^[0-9]{6,12}$/),
  name: fc.oneof(fc.string(), fc.constantFrom('=HYPERLINK("http://x","y")', 'Cargas "El Cóndor" Ltda.', '+Carga')),
  tasks: fc.nat({ max: 100_000 }),
  invoiced: amountLiteral(2),
  provider: amountLiteral(2),
  paid: amountLiteral(2),
  pending: amountLiteral(2),
  rate: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => (a === 100 ? '100.00' : `${a}.${String(b).padStart(2, '0')}`)),
  approved: fc.nat({ max: 1000 }),
  rejected: fc.nat({ max: 1000 }),
  review: fc.nat({ max: 1000 }),
});

const portalRows = fc.uniqueArray(portalRow, { selector: (r) => r.providerId, minLength: 1, maxLength: 8 });

const ROW_FIELDS = ['provider_id', 'provider_name', 'task_count', 'total_invoiced', 'total_provider', 'total_paid', 'pending_payment', 'approval_rate', 'approved_count', 'rejected_count', 'review_count'] as const;
type RowField = (typeof ROW_FIELDS)[number];

function rowFields(r: GenRow): Record<RowField, string> {
  return {
    provider_id: JSON.stringify(r.providerId),
    provider_name: JSON.stringify(r.name),
    task_count: String(r.tasks),
    total_invoiced: r.invoiced.text,
    total_provider: r.provider.text,
    total_paid: r.paid.text,
    pending_payment: r.pending.text,
    approval_rate: r.rate,
    approved_count: String(r.approved),
    rejected_count: String(r.rejected),
    review_count: String(r.review),
  };
}

function objectText(fields: Partial<Record<string, string>>): string {
  return `{${Object.entries(fields)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
    .join(',')}}`;
}

function portalBody(rows: readonly GenRow[], override?: { index: number; field: RowField; value: string | undefined }): string {
  const rowTexts = rows.map((r, i) => {
    const fields: Partial<Record<string, string>> = rowFields(r);
    if (override && override.index === i) fields[override.field] = override.value;
    return objectText(fields);
  });
  const sum = (f: (r: GenRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  const grand = objectText({
    total_invoiced: (sum((r) => r.invoiced.minor) / 100).toFixed(2),
    total_provider: `${sum((r) => r.provider.minor)}e-2`,
    total_paid: `${sum((r) => r.paid.minor)}e-2`,
    pending_payment: `${sum((r) => r.pending.minor)}e-2`,
    task_count: String(sum((r) => r.tasks)),
  });
  return `{"success":true,"data":{"rows":[${rowTexts.join(',')}],"grand_total":${grand}}}`;
}

function expectRowExact(got: ReturnType<typeof parsePortalReport>['rows'][number] | undefined, want: GenRow): void {
  expect(got).toBeDefined();
  expect(got?.providerId).toBe(want.providerId);
  expect(got?.providerName).toBe(want.name);
  expect(got?.taskCount).toBe(want.tasks);
  expect(got?.invoicedMinor).toBe(want.invoiced.minor);
  expect(got?.providerMinor).toBe(want.provider.minor);
  expect(got?.paidMinor).toBe(want.paid.minor);
  expect(got?.pendingMinor).toBe(want.pending.minor);
  expect(got?.approvalRate).toBe(want.rate);
  expect([got?.approvedCount, got?.rejectedCount, got?.reviewCount]).toEqual([want.approved, want.rejected, want.review]);
}

/** Values no field of its kind may accept (numbers arrive as text, so "a number as a string" is fine). */
const BAD_VALUES: Record<'text' | 'count' | 'amount' | 'id', readonly (string | undefined)[]> = {
  id: [undefined, 'null', 'true', '{}', '[]', '""', '"a|b"'],
  text: [undefined, 'null', 'true', '{}', '[1]'],
  count: [undefined, 'null', '-1', '1.5', '"many"', '1e3', '[]', '1234567890123456'],
  amount: [undefined, 'null', '"12,5O0.00"', '"abc"', 'true', '{}', '1e400', '123456789012345678901234', '"1 000"'],
};
const FIELD_KIND: Record<RowField, keyof typeof BAD_VALUES> = {
  provider_id: 'id',
  provider_name: 'text',
  task_count: 'count',
  total_invoiced: 'amount',
  total_provider: 'amount',
  total_paid: 'amount',
  pending_payment: 'amount',
  approval_rate: 'amount',
  approved_count: 'count',
  rejected_count: 'count',
  review_count: 'count',
};

describe('portal report validator (property)', () => {
  it('reads every valid report exactly, whatever way each amount is written', () => {
    fc.assert(
      fc.property(portalRows, (rows) => {
        const report = parsePortalReport(portalBody(rows), 'COP');
        expect(report.quarantined).toEqual([]);
        expect(report.rows).toHaveLength(rows.length);
        rows.forEach((r, i) => expectRowExact(report.rows[i], r));
        expect(report.grandTotal?.invoicedMinor).toBe(rows.reduce((a, r) => a + r.invoiced.minor, 0));
        expect(report.grandTotal?.pendingMinor).toBe(rows.reduce((a, r) => a + r.pending.minor, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('quarantines a row with a wrongly typed or missing field, naming it, and keeps the others exact', () => {
    const corrupt = portalRows.chain((rows) =>
      fc.record({
        rows: fc.constant(rows),
        index: fc.nat({ max: rows.length - 1 }),
        field: fc.constantFrom(...ROW_FIELDS),
        pick: fc.nat(),
      }),
    );
    fc.assert(
      fc.property(corrupt, ({ rows, index, field, pick }) => {
        const bad = BAD_VALUES[FIELD_KIND[field]];
        const value = bad[pick % bad.length];
        const report = parsePortalReport(portalBody(rows, { index, field, value }), 'COP');
        expect(report.quarantined).toHaveLength(1);
        const q = report.quarantined[0];
        expect(q?.reason).toMatch(new RegExp(`Row ${index + 1}`));
        // The reason points at the culprit: the field's name, or the offending value itself.
        if (field !== 'provider_id' && value !== undefined) expect(q?.reason.includes(field) || q?.reason.includes(value.replace(/^"|"$/g, ''))).toBe(true);
        if (value === undefined) expect(q?.reason).toMatch(/missing|expected/);
        expect(report.rows.map((r) => r.providerId)).toEqual(rows.filter((_, i) => i !== index).map((r) => r.providerId));
        rows.filter((_, i) => i !== index).forEach((r, i) => expectRowExact(report.rows[i], r));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every strict prefix of a valid body as malformed (a truncated transfer)', () => {
    fc.assert(
      fc.property(portalRows, fc.double({ min: 0, max: 1, noNaN: true }), (rows, at) => {
        const body = portalBody(rows);
        const cut = Math.min(body.length - 1, Math.floor(at * body.length));
        expect(() => parsePortalReport(body.slice(0, cut), 'COP')).toThrow(UpstreamError);
        expectMalformedOrValue(() => parsePortalReport(body.slice(0, cut), 'COP'));
      }),
      { numRuns: 500 },
    );
  });

  it('answers arbitrary text and arbitrary JSON with a report or a malformed error, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ success: true, data: v })), fc.jsonValue().map((v) => JSON.stringify({ success: true, data: { rows: v, grand_total: v } }))), (body) => {
        expectMalformedOrValue(() => {
          const report = parsePortalReport(body, 'COP');
          for (const row of report.rows) {
            for (const n of [row.invoicedMinor, row.providerMinor, row.paidMinor, row.pendingMinor, row.taskCount]) expect(Number.isSafeInteger(n)).toBe(true);
          }
        });
      }),
      { numRuns: 1500 },
    );
  });

  it('says what was received instead of data (HTML, empty, a failure with a 200)', () => {
    for (const [body, reason] of [
      ['<html><body>502 Bad Gateway</body></html>', /web page/],
      ['', /empty/],
      ['{"success":false,"error":{"code":"INTERNAL_ERROR","message":"x"}}', /failure/],
      ['{"success":true,"data":{"rows":{},"grand_total":{}}}', /unexpected shape/],
    ] as const) {
      expect(() => parsePortalReport(body, 'COP')).toThrow(reason);
    }
  });
});

// ───────────────────────────── PAYG ─────────────────────────────

interface GenPeriod {
  id: number;
  loanName: string;
  start: string;
  end: string;
  status: string;
  statusStyle: 'object' | 'string';
  currency: string;
  amount: { minor: number; text: string };
}

const STATUSES = ['DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PAYMENT_COMPLETE', 'PAYMENT_FAILED', 'PENDING'];
const isoDay = fc.integer({ min: 10_000, max: 40_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

const period: fc.Arbitrary<GenPeriod> = fc
  .record({
    id: fc.integer({ min: 1, max: 999_999_999 }),
    loanName: fc.string(),
    start: isoDay,
    end: isoDay,
    status: fc.constantFrom(...STATUSES),
    statusStyle: fc.constantFrom('object' as const, 'string' as const),
    currency: fc.constantFrom('NGN', 'KES', 'JPY', 'KWD'),
  })
  .chain((p) => amountLiteral(p.currency === 'JPY' ? 0 : p.currency === 'KWD' ? 3 : 2).map((amount) => ({ ...p, amount })));

const PERIOD_FIELDS = ['id', 'loanName', 'start_date', 'end_date', 'status', 'currency', 'totalAmountIncMaintenanceFee'] as const;
type PeriodField = (typeof PERIOD_FIELDS)[number];
const PERIOD_BAD: Record<PeriodField, readonly (string | undefined)[]> = {
  id: [undefined, 'null', '0', '-3', '1.5', '"x"', '{}'],
  loanName: [undefined, 'null', '{}', 'true'],
  start_date: [undefined, 'null', '"2025-02-30"', '"25/05/2025"', '20250519', '"2025-5-19"'],
  end_date: [undefined, 'null', '"2025-13-01"', '""'],
  status: [undefined, 'null', '{"label":"LOST"}', '{"code":3}', '"paid"', '42'],
  currency: [undefined, 'null', '"naira"', '"ng"', '""'],
  totalAmountIncMaintenanceFee: [undefined, 'null', '"12,5O0.00"', '"abc"', '"1e400"', '"99999999999999999999"', '{}', '" 1.00"'],
};

function periodFields(p: GenPeriod): Record<PeriodField, string> {
  return {
    id: String(p.id),
    loanName: JSON.stringify(p.loanName),
    start_date: JSON.stringify(p.start),
    end_date: JSON.stringify(p.end),
    status: p.statusStyle === 'object' ? `{"code":${STATUSES.indexOf(p.status) + 1},"label":${JSON.stringify(p.status)}}` : JSON.stringify(p.status),
    currency: JSON.stringify(p.currency),
    totalAmountIncMaintenanceFee: JSON.stringify(p.amount.text),
  };
}

function paygBody(periods: readonly GenPeriod[], count: number, override?: { index: number; field: PeriodField; value: string | undefined }): string {
  const results = periods.map((p, i) => {
    const fields: Partial<Record<string, string>> = periodFields(p);
    if (override && override.index === i) fields[override.field] = override.value;
    return objectText(fields);
  });
  return `{"count":${count},"next":null,"previous":null,"results":[${results.join(',')}]}`;
}

const periods = fc.uniqueArray(period, { selector: (p) => p.id, minLength: 1, maxLength: 10 });

describe('PAYG page validator (property)', () => {
  it('reads every valid page exactly', () => {
    fc.assert(
      fc.property(periods, fc.nat({ max: 10 ** 9 }), (list, extra) => {
        const page = parsePaygPage(paygBody(list, list.length + extra));
        expect(page.quarantined).toEqual([]);
        expect(page.count).toBe(list.length + extra);
        expect(page.resultCount).toBe(list.length);
        expect(page.records).toEqual(
          list.map((p) => ({ id: p.id, loanName: p.loanName, startDate: p.start, endDate: p.end, status: p.status, currency: p.currency, amountMinor: p.amount.minor, fundingSource: null })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('quarantines a record with a wrongly typed or missing field and keeps the rest exact', () => {
    const corrupt = periods.chain((list) =>
      fc.record({ list: fc.constant(list), index: fc.nat({ max: list.length - 1 }), field: fc.constantFrom(...PERIOD_FIELDS), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(corrupt, ({ list, index, field, pick }) => {
        const bad = PERIOD_BAD[field];
        const value = bad[pick % bad.length];
        const page = parsePaygPage(paygBody(list, list.length, { index, field, value }));
        expect(page.resultCount).toBe(list.length);
        expect(page.quarantined).toHaveLength(1);
        const q = page.quarantined[0];
        expect(q?.reason).toMatch(/^Billing period /);
        expect(q?.rawJson.length).toBeGreaterThan(1);
        const kept = list.filter((_, i) => i !== index);
        expect(page.records.map((r) => [r.id, r.amountMinor, r.currency, r.status])).toEqual(kept.map((p) => [p.id, p.amount.minor, p.currency, p.status]));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses truncated pages, arbitrary text and wrongly shaped JSON as malformed, never anything else', () => {
    fc.assert(
      fc.property(periods, fc.double({ min: 0, max: 1, noNaN: true }), (list, at) => {
        const body = paygBody(list, list.length);
        const cut = Math.min(body.length - 1, Math.floor(at * body.length));
        expect(() => parsePaygPage(body.slice(0, cut))).toThrow(UpstreamError);
        expectMalformedOrValue(() => parsePaygPage(body.slice(0, cut)));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ count: 3, results: v })), fc.jsonValue().map((v) => JSON.stringify({ count: v, results: [v] }))), (body) => {
        expectMalformedOrValue(() => {
          const page = parsePaygPage(body);
          for (const r of page.records) expect(Number.isSafeInteger(r.amountMinor)).toBe(true);
          expect(page.records.length + page.quarantined.length).toBe(page.resultCount);
        });
        expectMalformedOrValue(() => parsePaygRecord(body));
      }),
      { numRuns: 1500 },
    );
  });
});
