import { describe, expect, it } from 'vitest';
import { parsePortalReport } from '../../../electron/core/upstream/portal/schema.ts';

const row = (over: Record<string, string> = {}): string =>
  `{${Object.entries({
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
  })
    .map(([k, v]) => `"${k}":${v}`)
    .join(',')}}`;
const grand = '{"total_invoiced":245800.00,"total_provider":251200.00,"total_paid":198400.00,"pending_payment":47400.00,"task_count":42}';
const body = (rows: string[], g = grand): string => `{"success":true,"data":{"rows":[${rows.join(',')}],"grand_total":${g}}}`;

describe('reasons a portal row is set aside', () => {
  it('names the field of an unreadable figure, in one sentence with one final period', () => {
    const report = parsePortalReport(body([row({ approval_rate: '1e400' }), row({ provider_id: '"B"', total_paid: '1e999' })]), 'COP');
    expect(report.quarantined.map((q) => q.reason)).toEqual([
      'Row 1 is unreadable: approval_rate "1e400" has an exponent out of range.',
      'Row 2 is unreadable: total_paid "1e999" has an exponent out of range.',
    ]);
    // The quarantine keeps the record as the upstream wrote it, numbers as numbers.
    expect(report.quarantined[0]?.rawJson).toContain('"task_count":42,');
  });

  it('says so for an approval rate outside 0–100, and for an unreadable grand total', () => {
    const report = parsePortalReport(body([row({ approval_rate: '100.01' })], grand.replace('"total_paid":198400.00', '"total_paid":1e400')), 'COP');
    expect(report.quarantined.map((q) => q.reason)).toEqual([
      'Row 1 is unreadable: approval_rate 100.01 is outside 0–100.',
      'The grand total is unreadable: total_paid "1e400" has an exponent out of range.',
    ]);
    expect(report.grandTotal).toBeNull();
  });
});
