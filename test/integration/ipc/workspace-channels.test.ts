/**
 * What the workspace asks of the back end beyond the figures: names for item keys (the window
 * never shows P|…, B|…, F|…), an "as of" day for ages, a currency for PAYG lists, the first sync
 * that saw a billing period, and the preferences it remembers (theme, the range per connection).
 * Real sandbox over HTTP, real handlers behind the real IPC wrapper.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { channelsOf, startMainStandIn, waitForSyncEnd, type MainStandIn } from './support.ts';

let sandbox: Sandbox;
let main: MainStandIn;
const FROM = '2025-03-01';
const TO = '2025-04-30';

const { call, value } = channelsOf(() => main);

async function sync(connection: string, period: 'month' | 'week'): Promise<void> {
  const { jobId } = await value('sync:start', { connection, from: FROM, to: TO, period });
  await waitForSyncEnd(main.events, jobId);
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11 });
  main = startMainStandIn();
  const portal = sandbox.credentials.portal.find((c) => c.hasReportPermission);
  if (!portal) throw new Error('the sandbox has no portal credential with the report permission');
  await value('connections:add', { kind: 'portal', name: 'acme', baseUrl: sandbox.url, tenant: portal.tenant, currency: portal.currency });
  await value('connections:setCredentials', { name: 'acme', token: portal.token, apiKey: portal.apiKey });
  await value('connections:add', { kind: 'payg', name: 'loans', baseUrl: sandbox.url });
  await value('connections:setCredentials', { name: 'loans', apiKey: sandbox.credentials.payg.apiKey });
  await sync('acme', 'month');
  await sync('loans', 'month');
}, 120_000);

afterAll(async () => {
  await main?.close();
  await sandbox?.close();
});

describe('reconcile:describe', () => {
  it('names the provider and period of portal rows and findings, and the loan and dates of billing periods', async () => {
    const portal = await value('reconcile:run', { connection: 'acme', from: FROM, to: TO, period: 'month' });
    if (portal.kind !== 'portal') throw new Error('expected portal');
    const page = await value('reconcile:rows', { viewId: portal.view.id, list: 'rows', offset: 0, limit: 3 });
    if (page.list !== 'rows') throw new Error('expected rows');
    const row = page.rows[0]!;
    const finding = portal.findings.find((f) => f.providerId !== null && !f.key.startsWith('F|quarantined'));
    const payg = await value('reconcile:run', { connection: 'loans', from: FROM, to: TO, period: 'month' });
    if (payg.kind !== 'payg') throw new Error('expected payg');
    const exceptions = await value('reconcile:rows', { viewId: payg.view.id, list: 'exceptions', offset: 0, limit: 1 });
    if (exceptions.list !== 'exceptions') throw new Error('expected exceptions');
    const billing = exceptions.rows[0]!;

    const names = await value('reconcile:describe', { connection: 'acme', keys: [row.key, ...(finding ? [finding.key] : []), 'garbage|key'] });
    expect(names[0]).toEqual({
      key: row.key,
      kind: 'portal_row',
      name: row.providerName,
      ref: row.providerId,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      check: null,
      currency: null,
    });
    if (finding) expect(names[1]).toMatchObject({ kind: 'finding', check: finding.check, ref: finding.providerId, periodStart: finding.periodStart });
    expect(names.at(-1)).toMatchObject({ key: 'garbage|key', kind: 'unknown', name: null });

    const loans = await value('reconcile:describe', { connection: 'loans', keys: [billing.key] });
    expect(loans).toEqual([{ key: billing.key, kind: 'billing_period', name: billing.loanName, ref: String(billing.id), periodStart: billing.startDate, periodEnd: billing.endDate, check: null, currency: billing.currency }]);
  });

  it('refuses more keys than one screen needs, and an unknown connection', async () => {
    const tooMany = await call('reconcile:describe', { connection: 'acme', keys: Array.from({ length: 1001 }, (_v, i) => `B|${i}`) });
    expect(tooMany.ok).toBe(false);
    const unknown = await call('reconcile:describe', { connection: 'nobody', keys: ['B|1'] });
    expect(unknown.ok).toBe(false);
  });
});

describe('PAYG lists', () => {
  it('count ages to an "as of" day, and list one currency at a time', async () => {
    const now = await value('reconcile:run', { connection: 'loans', from: FROM, to: TO, period: 'month' });
    const asOf = await value('reconcile:run', { connection: 'loans', from: FROM, to: TO, period: 'month', asOf: TO });
    if (now.kind !== 'payg' || asOf.kind !== 'payg') throw new Error('expected payg');
    const bucketsNow = now.ageing.filter((a) => a.count > 0).map((a) => a.bucket);
    const bucketsAsOf = asOf.ageing.filter((a) => a.count > 0).map((a) => a.bucket);
    // Today everything of spring 2025 is more than 90 days past its end; at the range's end it was not.
    expect(new Set(bucketsNow)).toEqual(new Set(['90+']));
    expect(bucketsAsOf.some((b) => b !== '90+')).toBe(true);

    const all = await value('reconcile:rows', { viewId: now.view.id, list: 'exceptions', offset: 0, limit: 1000 });
    if (all.list !== 'exceptions') throw new Error('expected exceptions');
    const currencies = [...new Set(all.rows.map((e) => e.currency))];
    expect(currencies.length).toBeGreaterThan(1);
    const one = currencies[0]!;
    const only = await value('reconcile:rows', { viewId: now.view.id, list: 'exceptions', offset: 0, limit: 1000, filter: { currency: one } });
    if (only.list !== 'exceptions') throw new Error('expected exceptions');
    expect(only.total).toBe(all.rows.filter((e) => e.currency === one).length);
    expect(only.rows.every((e) => e.currency === one)).toBe(true);
    const openItems = await value('reconcile:rows', { viewId: now.view.id, list: 'openItems', offset: 0, limit: 1000, filter: { currency: one } });
    expect(openItems.rows.every((o) => (o as { currency: string }).currency === one)).toBe(true);
  });

  it('say when a status was first seen, so "days in status" is never claimed beyond it', async () => {
    const r = await value('reconcile:run', { connection: 'loans', from: FROM, to: TO, period: 'month' });
    if (r.kind !== 'payg') throw new Error('expected payg');
    const page = await value('reconcile:rows', { viewId: r.view.id, list: 'exceptions', offset: 0, limit: 50 });
    if (page.list !== 'exceptions') throw new Error('expected exceptions');
    expect(page.rows.length).toBeGreaterThan(0);
    for (const e of page.rows) {
      expect(e.firstSeenAt <= e.statusSince).toBe(true);
      // One sync so far: every status was first seen at that sync.
      expect(e.statusSince).toBe(e.firstSeenAt);
    }
  });
});

describe('settings', () => {
  it('remember the theme and a range per connection; a removed connection forgets its range', async () => {
    const initial = await value('settings:get', {});
    expect(initial.theme).toBe('system');
    expect(initial.ranges).toEqual([]);
    await value('settings:set', { theme: 'dark', range: { connection: 'acme', from: '2026-11-01', to: '2026-11-30', period: 'month' } });
    await value('settings:set', { range: { connection: 'loans', from: '2026-10-05', to: '2026-11-29', period: 'week' } });
    const saved = await value('settings:get', {});
    expect(saved.theme).toBe('dark');
    expect([...saved.ranges].sort((a, b) => a.connection.localeCompare(b.connection))).toEqual([
      { connection: 'acme', from: '2026-11-01', to: '2026-11-30', period: 'month' },
      { connection: 'loans', from: '2026-10-05', to: '2026-11-29', period: 'week' },
    ]);
    // Back to the system's theme; a range out of order is refused.
    expect((await value('settings:set', { theme: 'system' })).theme).toBe('system');
    expect((await call('settings:set', { range: { connection: 'acme', from: '2026-12-01', to: '2026-11-01', period: 'month' } })).ok).toBe(false);
    await value('connections:remove', { name: 'loans' });
    expect((await value('settings:get', {})).ranges.map((r) => r.connection)).toEqual(['acme']);
  });
});

describe('sync:job', () => {
  it("answers a job's last event, the same one the window was sent, and null for a job it never ran", async () => {
    const { jobId } = await value('sync:start', { connection: 'acme', from: FROM, to: TO, period: 'month', force: true });
    await waitForSyncEnd(main.events, jobId);
    const sent = main.events.filter((e) => e.event === 'sync:onDidProgress' && (e.payload as { jobId: string }).jobId === jobId).at(-1);
    const last = await value('sync:job', { jobId });
    expect(last?.state).toBe('done');
    expect(last?.result?.outcome).toBe('ok');
    expect(last).toEqual(sent?.payload);
    expect(await value('sync:job', { jobId: 'no-such-job' })).toBeNull();
  });
});
