import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  PAYG_ORDERING_FIELDS,
  expectedPaygRecords,
  getPaygRecord,
  parseDecimalMinor,
  paygRecordCount,
  paygTotalsByCurrency,
  startSandbox,
} from '../../../electron/core/sandbox/index.ts';
import type { PaygFilters, Sandbox } from '../../../electron/core/sandbox/index.ts';
import { get, paygAll, paygHeaders, paygPage, paygUrl, record } from './helpers.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');

describe('PAYG billing periods: list', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clock: () => NOW, datasetOptions: { payg: { badRecords: true } } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('answers a DRF page: count, next, previous, results with the documented record fields', async () => {
    const page = await paygPage(sandbox);
    expect(page.count).toBe(paygRecordCount(sandbox.dataset));
    expect(page.results).toHaveLength(20); // default page size
    expect(page.previous).toBeNull();
    expect(page.next).toBe(`${sandbox.url}/payg/lms/payment-requests?page=2`);
    for (const r of page.results) {
      expect(Number.isInteger(r['id'])).toBe(true);
      expect(typeof r['loanName']).toBe('string');
      expect(r['start_date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r['end_date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const status = record(r['status']);
      expect(typeof status['code']).toBe('number');
      expect(['DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PENDING', 'PAYMENT_COMPLETE', 'PAYMENT_FAILED']).toContain(status['label']);
      expect(['NGN', 'KES', 'GHS', 'USD']).toContain(r['currency']);
      expect(r['totalAmountIncMaintenanceFee']).toMatch(/^\d+\.\d{2}$/);
      expect(typeof r['funding_source']).toBe('string');
      expect(r['created_at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // Billing periods are Monday–Sunday weeks.
      expect(new Date(`${String(r['start_date'])}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(Date.parse(`${String(r['end_date'])}T00:00:00Z`) - Date.parse(`${String(r['start_date'])}T00:00:00Z`)).toBe(6 * 86_400_000);
    }
    // Default ordering -created_at: newest first, which is also descending id.
    const ids = page.results.map((r) => Number(r['id']));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids).toEqual(expectedPaygRecords(sandbox.dataset).slice(0, 20).map((r) => r.id));
  });

  const filterCases: [string, PaygFilters][] = [
    ['search (case-insensitive, in loanName)', { search: 'tractor mf' }],
    ['search with accents', { search: 'Ségou' }],
    ['search with two terms', { search: 'kano, mf' }],
    ['currency', { currency: 'KES' }],
    ['status', { status: 'PAYMENT_FAILED' }],
    ['status DRAFT', { status: 'DRAFT' }],
    ['funding_source', { funding_source: 'Own book' }],
    ['start_date_gte', { start_date_gte: '2026-10-01' }],
    ['start_date_lte', { start_date_lte: '2024-12-20' }],
    ['end_date_gte', { end_date_gte: '2026-11-01' }],
    ['end_date_lte', { end_date_lte: '2024-12-01' }],
    ['a weekly window (the docs example)', { start_date_gte: '2026-05-18', end_date_lte: '2026-05-24', status: 'PAYMENT_COMPLETE' }],
    ['everything at once', { currency: 'NGN', funding_source: 'AFDB-2024', start_date_gte: '2025-06-01', end_date_lte: '2026-06-30', search: 'contract', status: 'PAYMENT_COMPLETE' }],
    ['nothing matches', { currency: 'EUR' }],
  ];
  for (const [name, filters] of filterCases) {
    it(`filters by ${name}`, async () => {
      const query = Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)]));
      const expected = expectedPaygRecords(sandbox.dataset, filters);
      const page = await paygPage(sandbox, { ...query, limit: 100 });
      expect(page.count).toBe(expected.length);
      expect(page.results.map((r) => r['id'])).toEqual(expected.slice(0, 100).map((r) => r.id));
      if (name !== 'nothing matches') expect(expected.length).toBeGreaterThan(0);
      if (name !== 'nothing matches') expect(expected.length).toBeLessThan(paygRecordCount(sandbox.dataset));
    });
  }

  for (const field of PAYG_ORDERING_FIELDS) {
    it(`orders by ${field}, ascending and descending, ties by id`, async () => {
      for (const ordering of [field, `-${field}`]) {
        const expected = expectedPaygRecords(sandbox.dataset, { ordering });
        const first = await paygPage(sandbox, { ordering, limit: 50 });
        const third = await paygPage(sandbox, { ordering, limit: 50, page: 3 });
        expect(first.results.map((r) => r['id'])).toEqual(expected.slice(0, 50).map((r) => r.id));
        expect(third.results.map((r) => r['id'])).toEqual(expected.slice(100, 150).map((r) => r.id));
      }
    });
  }

  it('orders by several fields', async () => {
    const ordering = 'currency,-start_date,loanName';
    const expected = expectedPaygRecords(sandbox.dataset, { ordering });
    const page = await paygPage(sandbox, { ordering, limit: 100, page: 2 });
    expect(page.results.map((r) => r['id'])).toEqual(expected.slice(100, 200).map((r) => r.id));
  });

  it('caps limit at 100 and pages by what comes back and by count', async () => {
    const page = await paygPage(sandbox, { limit: 1000 });
    expect(page.results).toHaveLength(100);
    expect(page.count).toBe(paygRecordCount(sandbox.dataset));
    expect(page.next).toContain('page=2');
    expect(page.next).toContain('limit=1000');
    const two = await paygPage(sandbox, { limit: 1000, page: 2 });
    expect(two.previous).toBe(`${sandbox.url}/payg/lms/payment-requests?limit=1000`);
    expect(Number(two.results[0]?.['id'])).toBe(Number(page.results[99]?.['id']) - 1);
  });

  it('answers 404 Invalid page past the last page, and for a non-positive page', async () => {
    const count = paygRecordCount(sandbox.dataset);
    const last = Math.ceil(count / 100);
    const lastPage = await paygPage(sandbox, { limit: 100, page: last });
    expect(lastPage.results).toHaveLength(count - (last - 1) * 100);
    expect(lastPage.next).toBeNull();
    for (const page of [last + 1, 0, 'abc']) {
      const r = await get(paygUrl(sandbox, { limit: 100, page }), paygHeaders(sandbox));
      expect(r.status).toBe(404);
      expect(JSON.parse(r.text)).toEqual({ detail: 'Invalid page.' });
    }
    const empty = await paygPage(sandbox, { currency: 'EUR' });
    expect(empty).toEqual({ count: 0, next: null, previous: null, results: [] });
    const r = await get(paygUrl(sandbox, { currency: 'EUR', page: 2 }), paygHeaders(sandbox));
    expect(r.status).toBe(404);
  });

  it('answers 400 DRF-style for invalid parameters', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ start_date_gte: '2026-13-01' }, 'start_date_gte'],
      [{ end_date_lte: 'last week' }, 'end_date_lte'],
      [{ status: 'REFUNDED' }, 'status'],
      [{ ordering: 'amount' }, 'ordering'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: '0' }, 'limit'],
    ];
    for (const [query, field] of cases) {
      const r = await get(paygUrl(sandbox, query), paygHeaders(sandbox));
      expect(r.status, JSON.stringify(query)).toBe(400);
      const body = record(JSON.parse(r.text));
      expect(Object.keys(body)).toEqual([field]);
      expect(Array.isArray(body[field])).toBe(true);
      expect(typeof (body[field] as unknown[])[0]).toBe('string');
    }
  });

  it('pages through everything with ordering=id: no gaps, no duplicates, exact amounts per currency', async () => {
    const all = await paygAll(sandbox, { ordering: 'id' });
    const expected = expectedPaygRecords(sandbox.dataset, { ordering: 'id' });
    expect(all.map((r) => r['id'])).toEqual(expected.map((r) => r.id));
    expect(new Set(all.map((r) => r['id'])).size).toBe(all.length);
    // Per-currency sums from the served text, in minor units, against the expected totals.
    const served: Record<string, number> = {};
    const unreadable: number[] = [];
    for (const r of all) {
      const minor = parseDecimalMinor(String(r['totalAmountIncMaintenanceFee']));
      if (minor === null) unreadable.push(Number(r['id']));
      else served[String(r['currency'])] = (served[String(r['currency'])] ?? 0) + minor;
    }
    const totals = paygTotalsByCurrency(expected);
    expect(Object.keys(served).sort()).toEqual(['GHS', 'KES', 'NGN', 'USD']);
    for (const [currency, minor] of Object.entries(served)) expect(minor).toBe(totals[currency]?.totalMinor);
    const bad = sandbox.dataset.payg.badRecords;
    expect(unreadable.sort((a, b) => a - b)).toEqual(bad.filter((b) => b.kind === 'unreadable-amount').map((b) => b.id));
  });
});

describe('PAYG billing periods: retrieve, auth, bad records', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clock: () => NOW, datasetOptions: { payg: { badRecords: true } } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('retrieves a record by id, and answers 404 Not found for an unknown or non-numeric id', async () => {
    const page = await paygPage(sandbox, { limit: 1 });
    const first = page.results[0];
    const r = await get(`${sandbox.url}/payg/lms/payment-requests/${String(first?.['id'])}`, paygHeaders(sandbox));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual(first);
    expect(JSON.parse(r.text)).toEqual(getPaygRecord(sandbox.dataset, Number(first?.['id'])));
    for (const id of ['1', '99999999', 'abc']) {
      const missing = await get(`${sandbox.url}/payg/lms/payment-requests/${id}`, paygHeaders(sandbox));
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.text)).toEqual({ detail: 'Not found.' });
    }
  });

  it('answers 401 without credentials and with a wrong token', async () => {
    const none = await get(paygUrl(sandbox));
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await get(paygUrl(sandbox), { Authorization: 'Bearer sbx_payg_wrong' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text)).toEqual({ detail: 'Invalid token.' });
    const detail = await get(`${sandbox.url}/payg/lms/payment-requests/5001`, { Authorization: 'Bearer nope' });
    expect(detail.status).toBe(401);
    // The portal's credentials do not open the PAYG API.
    const portalKey = sandbox.credentials.portal[0]?.apiKey ?? '';
    expect((await get(paygUrl(sandbox), { Authorization: `Bearer ${portalKey}` })).status).toBe(401);
  });

  it('serves the bad records at their known ids: an unknown status label and unreadable amounts', async () => {
    const bad = sandbox.dataset.payg.badRecords;
    expect(bad.map((b) => b.kind).sort()).toEqual(['unknown-status', 'unknown-status', 'unreadable-amount', 'unreadable-amount']);
    for (const b of bad) {
      const r = await get(`${sandbox.url}/payg/lms/payment-requests/${b.id}`, paygHeaders(sandbox));
      expect(r.status).toBe(200);
      const rec = record(JSON.parse(r.text));
      if (b.kind === 'unknown-status') {
        expect(record(rec['status'])['label']).toBe(b.raw);
        expect(['REFUNDED', 'ON_HOLD']).toContain(b.raw);
      } else {
        expect(rec['totalAmountIncMaintenanceFee']).toBe(b.raw);
        expect(parseDecimalMinor(b.raw)).toBeNull();
      }
    }
    expect(bad.map((b) => b.raw)).toContain('12,5O0.00');
  });
});

describe('PAYG billing periods: records created while paging', () => {
  it('changes count between pages; new records sort first under the default ordering', async () => {
    let now = NOW;
    const sandbox = await startSandbox({ clock: () => now });
    try {
      const before = paygRecordCount(sandbox.dataset);
      const maxId = sandbox.dataset.payg.firstId + before - 1;
      sandbox.setFaults({ createWhilePaging: 3 });
      const one = await paygPage(sandbox, { limit: 10 });
      now += 1_000;
      const two = await paygPage(sandbox, { limit: 10, page: 2 });
      expect(one.count).toBe(before + 3);
      expect(two.count).toBe(before + 6);
      expect(one.results.slice(0, 3).map((r) => r['id'])).toEqual([maxId + 3, maxId + 2, maxId + 1]);
      // Page 2 now starts with what page 1 already showed (everything shifted by 3).
      expect(two.results.slice(0, 3).map((r) => r['id'])).toEqual(one.results.slice(7, 10).map((r) => r['id']));
      const created = one.results[0] as Record<string, unknown>;
      expect(Date.parse(String(created['created_at']))).toBeGreaterThanOrEqual(NOW);
      expect(record(created['status'])['label']).toBe('DRAFT');
      expect(sandbox.stats.faults.createdWhilePaging).toBe(6);
      sandbox.setFaults({ createWhilePaging: 0 });
      // With ordering=id and de-duplication by id, a client still gets everything exactly once.
      const all = await paygAll(sandbox, { ordering: 'id' });
      expect(all.length).toBe(before + 6);
    } finally {
      await sandbox.close();
    }
  });
});
