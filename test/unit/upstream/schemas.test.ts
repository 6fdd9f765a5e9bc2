import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../electron/core/http/errors.ts';
import { parsePaygPage, parsePaygRecord } from '../../../electron/core/upstream/payg/schema.ts';
import { parsePortalReport } from '../../../electron/core/upstream/portal/schema.ts';

const row = (over: Record<string, string> = {}): string => {
  const fields: Record<string, string> = {
    provider_id: '"504210987600"',
    provider_name: '"Transporte Rápido S.A."',
    task_count: '42',
    total_invoiced: '245800.00',
    total_provider: '251200.00',
    total_paid: '198400.00',
    pending_payment: '47400.00',
    approval_rate: '88.10',
    approved_count: '37',
    rejected_count: '2',
    review_count: '3',
    ...over,
  };
  return `{${Object.entries(fields)
    .filter(([, v]) => v !== 'OMIT')
    .map(([k, v]) => `"${k}":${v}`)
    .join(',')}}`;
};
const grand = '{"total_invoiced":245800.00,"total_provider":251200.00,"total_paid":198400.00,"pending_payment":47400.00,"task_count":42}';
const body = (rows: string[], g = grand): string => `{"success":true,"data":{"rows":[${rows.join(',')}],"grand_total":${g}}}`;

function malformedOf(fn: () => unknown): UpstreamError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected a malformed error');
}

describe('portal report schema', () => {
  it('parses the documented example exactly, amounts from their literal text', () => {
    const report = parsePortalReport(body([row()]), 'COP');
    expect(report.quarantined).toEqual([]);
    expect(report.rows[0]).toMatchObject({ providerId: '504210987600', invoicedMinor: 24_580_000, approvalRate: '88.10', reviewCount: 3 });
    expect(report.grandTotal).toMatchObject({ invoicedMinor: 24_580_000, taskCount: 42 });
  });

  it('never goes through binary floats: amounts stay exact, and one with more decimals than its currency is set aside, not rounded', () => {
    const exact = parsePortalReport(body([row({ total_invoiced: '9007199254740.99', total_paid: '0.100', pending_payment: '-0.00' })]), 'USD');
    expect(exact.rows[0]?.invoicedMinor).toBe(900_719_925_474_099);
    expect(exact.rows[0]?.paidMinor).toBe(10);
    expect(exact.rows[0]?.pendingMinor).toBe(0);
    const extra = parsePortalReport(body([row({ total_paid: '414799.815' })]), 'USD');
    expect(extra.rows).toEqual([]);
    expect(extra.quarantined[0]?.reason).toMatch(/total_paid "414799\.815" has more decimals than USD has \(2\): it was set aside, not rounded/);
    const yen = parsePortalReport(body([row({ total_invoiced: '1234.5' })]), 'JPY');
    expect(yen.rows).toEqual([]);
    expect(yen.quarantined[0]?.reason).toMatch(/"1234\.5" has more decimals than JPY has \(0\)/);
  });

  it('reports a success:false reply with the upstream code and message, and does not retry it', () => {
    const error = malformedOf(() => parsePortalReport('{"success":false,"error":{"code":"TENANT_SUSPENDED","message":"Tenant acme is suspended\\u001b[31m"}}', 'COP'));
    expect(error.kind).toBe('rejected');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/reported a failure \(TENANT_SUSPENDED\): "Tenant acme is suspended \[31m"/);
  });

  it('refuses JSON nested past the limit with its own message, without overflowing the stack', () => {
    const deep = `{"success":true,"data":{"rows":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}}`;
    const error = malformedOf(() => parsePortalReport(deep, 'COP'));
    expect(error.kind).toBe('too_deep');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/nests its data more than 64 levels deep/);
  });

  it('quarantines a bad row and keeps the rest', () => {
    const report = parsePortalReport(
      body([row(), row({ provider_id: '"B"', total_invoiced: '"12,5"' }), row({ provider_id: '"C"', task_count: 'OMIT' }), row({ provider_id: '"D"', approval_rate: '150' }), row({ provider_id: '"E|F"' })]),
      'COP',
    );
    expect(report.rows.map((r) => r.providerId)).toEqual(['504210987600']);
    expect(report.quarantined.map((q) => q.recordKey)).toEqual(['B', 'C', 'D', 'E|F']);
    expect(report.quarantined[1]?.reason).toMatch(/task_count/);
    expect(report.quarantined[2]?.reason).toMatch(/approval_rate/);
    expect(report.quarantined[0]?.rawJson).toContain('12,5');
  });

  it('sets aside a duplicate provider row', () => {
    const report = parsePortalReport(body([row(), row({ total_invoiced: '1.00' })]), 'COP');
    expect(report.rows).toHaveLength(1);
    expect(report.quarantined[0]?.reason).toMatch(/appears twice/);
  });

  it('quarantines an unreadable grand total', () => {
    const report = parsePortalReport(body([row()], '{"total_invoiced":"n/a"}'), 'COP');
    expect(report.grandTotal).toBeNull();
    expect(report.quarantined[0]?.recordKey).toBe('grand_total');
  });

  it('treats truncated JSON, HTML, an empty body and a wrong envelope as malformed (retryable)', () => {
    const full = body([row()]);
    for (const text of [full.slice(0, full.length / 2), '<html><body>Login</body></html>', '', '{"success":true,"data":{"rows":{}}}', '[]', 'null']) {
      const error = malformedOf(() => parsePortalReport(text, 'COP'));
      expect(error.kind).toBe('malformed');
      expect(error.retryable).toBe(true);
    }
  });

  it('survives hostile values without crashing', () => {
    const huge = '9'.repeat(400);
    const report = parsePortalReport(body([row({ total_invoiced: huge }), row({ provider_id: '"x"', total_paid: '1e999' }), row({ provider_id: '{"a":1}' })]), 'COP');
    expect(report.rows).toHaveLength(0);
    expect(report.quarantined).toHaveLength(3);
  });
});

describe('PAYG schemas', () => {
  const rec = (over: Record<string, string> = {}): string => {
    const fields: Record<string, string> = {
      id: '5001',
      loanName: '"Contract ***"',
      start_date: '"2025-05-19"',
      end_date: '"2025-05-25"',
      status: '{"code":3,"label":"PAYMENT_COMPLETE"}',
      currency: '"NGN"',
      totalAmountIncMaintenanceFee: '"125000.00"',
      ...over,
    };
    return `{${Object.entries(fields)
      .filter(([, v]) => v !== 'OMIT')
      .map(([k, v]) => `"${k}":${v}`)
      .join(',')}}`;
  };

  it('parses the documented record and ignores unknown fields', () => {
    const page = parsePaygPage(`{"count":1,"next":null,"previous":null,"results":[${rec({ extra: '{"deep":[1,2]}' })}]}`);
    expect(page.count).toBe(1);
    expect(page.records[0]).toEqual({ id: 5001, loanName: 'Contract ***', startDate: '2025-05-19', endDate: '2025-05-25', status: 'PAYMENT_COMPLETE', currency: 'NGN', amountMinor: 12_500_000, fundingSource: null });
  });

  it('flags an unknown status, an unreadable amount, a bad date or a missing field, keeping the rest', () => {
    const page = parsePaygPage(
      `{"count":6,"results":[${[
        rec(),
        rec({ id: '2', status: '{"label":"REFUNDED"}' }),
        rec({ id: '3', totalAmountIncMaintenanceFee: '"12O.00"' }),
        rec({ id: '4', start_date: '"2025-02-30"' }),
        rec({ id: '5', loanName: 'OMIT' }),
        rec({ id: '6', currency: '"naira"' }),
      ].join(',')}]}`,
    );
    expect(page.records.map((r) => r.id)).toEqual([5001]);
    expect(page.quarantined.map((q) => q.recordKey)).toEqual(['2', '3', '4', '5', '6']);
    expect(page.quarantined[0]?.reason).toMatch(/unknown status "REFUNDED"/);
    expect(page.quarantined[1]?.reason).toMatch(/unreadable amount/);
    expect(page.quarantined[3]?.reason).toMatch(/loanName is missing/);
    expect(page.resultCount).toBe(6);
  });

  it('treats a truncated page or an HTML login page as malformed', () => {
    expect(() => parsePaygPage('{"count":3,"results":[{"id":1')).toThrow(UpstreamError);
    expect(() => parsePaygPage('<html>login</html>')).toThrow(/web page/);
    expect(() => parsePaygPage('{"results":[]}')).toThrow(/count/);
  });

  it('parses one record by id', () => {
    const outcome = parsePaygRecord(rec({ id: '77', status: '"PENDING"' }));
    expect(outcome.ok && outcome.record).toMatchObject({ id: 77, status: 'PENDING' });
  });
});
