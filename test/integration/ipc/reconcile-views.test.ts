/**
 * reconcile:run keeps the big lists in the back end; reconcile:rows and reconcile:keys page through
 * them. Every answer here goes through the real IPC wrapper (input and output checked by the
 * contract) and is compared with the core's full result, sorted and filtered independently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile, type PortalReconciliation, type PortalRow } from '../../../electron/core/reconcile/index.ts';
import type { ChannelInput, ChannelOutput, RowsSort } from '../../../electron/contract/index.ts';
import { seedLargePortal, type LargeSeed } from '../../ui/support/seed-large.ts';
import { channelsOf, startMainStandIn, type MainStandIn } from './support.ts';
import { withStore } from '../../support/review-store.ts';

let main: MainStandIn;
let seed: LargeSeed;
let truth: PortalReconciliation;
let summary: Extract<ChannelOutput<'reconcile:run'>, { kind: 'portal' }>;

const { call, value } = channelsOf(() => main);

async function run(): Promise<typeof summary> {
  const r = await value('reconcile:run', { connection: seed.connection, from: seed.from, to: seed.to, period: 'month' });
  if (r.kind !== 'portal') throw new Error('expected a portal reconciliation');
  return r;
}

/** A query of the portal rows (the list every query names unless it says otherwise). */
type RowsInput = Omit<Extract<ChannelInput<'reconcile:rows'>, { list?: 'rows' }>, 'offset' | 'limit'>;

/** Every row of a query, page by page. */
async function allRows(input: RowsInput, pageSize = 1000): Promise<PortalRow[]> {
  const rows: PortalRow[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await value('reconcile:rows', { ...input, offset, limit: pageSize });
    if (page.list !== 'rows') throw new Error('expected portal rows');
    expect(page.offset).toBe(offset);
    rows.push(...page.rows);
    if (offset + pageSize >= page.total) return rows;
  }
}

const keysOf = (rows: readonly { key: string }[]): string[] => rows.map((r) => r.key);

/** Stable sort (Array.prototype.sort is stable): ties keep the engine's order, as the grid always did. */
function sortedBy<T>(rows: readonly T[], value: (r: T) => number, direction: 'asc' | 'desc'): T[] {
  return [...rows].sort((a, b) => (direction === 'asc' ? value(a) - value(b) : value(b) - value(a)));
}

beforeAll(async () => {
  main = startMainStandIn();
  seed = seedLargePortal(main.db, { months: 3, providers: 1500 });
  // Some reviews before the run, so the review filter has something to find.
  truth = reconcile(withStore(main.db), { connection: seed.connection, from: seed.from, to: seed.to, period: 'month', now: Date.now() }) as PortalReconciliation;
  const someKeys = truth.rows.filter((_r, i) => i % 7 === 0).map((r) => r.key);
  await value('review:set', { connection: seed.connection, itemKeys: someKeys, state: 'explained', reason: 'timing', note: 'invoiced the month after' });
  truth = reconcile(withStore(main.db), { connection: seed.connection, from: seed.from, to: seed.to, period: 'month', now: Date.now() }) as PortalReconciliation;
  summary = await run();
}, 60_000);

afterAll(async () => {
  await main?.close();
});

describe('reconcile:run answers a summary and a view', () => {
  it('keeps the totals and leaves the rows and open items behind', () => {
    expect(summary.view.rowCount).toBe(truth.rows.length);
    expect(summary.view.rowCount).toBe(seed.rows);
    expect(summary.view.openItemCount).toBe(truth.openItems.length);
    expect(summary.totals).toEqual(truth.totals);
    expect(summary.periods).toEqual(truth.periods);
    expect('rows' in summary).toBe(false);
    expect('openItems' in summary).toBe(false);
  });
});

describe('reconcile:rows', () => {
  it('pages the rows in the engine’s order when nothing is asked', async () => {
    expect(keysOf(await allRows({ viewId: summary.view.id }, 700))).toEqual(keysOf(truth.rows));
  });

  it('sorts like an independent sort of the engine’s rows, both ways, for several columns', async () => {
    const cases: { column: RowsSort['column']; value: (r: PortalRow) => number }[] = [
      { column: 'difference', value: (r) => r.differenceMinor },
      { column: 'invoiced', value: (r) => r.invoicedMinor },
      { column: 'providerReported', value: (r) => r.providerReportedMinor },
    ];
    for (const c of cases) {
      for (const direction of ['asc', 'desc'] as const) {
        const got = await allRows({ viewId: summary.view.id, sort: { column: c.column, direction } });
        expect(keysOf(got), `${c.column} ${direction}`).toEqual(keysOf(sortedBy(truth.rows, c.value, direction)));
      }
    }
    const byPeriod = await allRows({ viewId: summary.view.id, sort: { column: 'periodStart', direction: 'desc' } });
    const expected = [...truth.rows].sort((a, b) => (a.periodStart === b.periodStart ? 0 : a.periodStart < b.periodStart ? 1 : -1));
    expect(keysOf(byPeriod)).toEqual(keysOf(expected));
  });

  it('filters by class, review state, out-of-tolerance, provider and text, combined with a sort', async () => {
    const view = summary.view.id;
    const lower = await allRows({ viewId: view, filter: { classes: ['PROVIDER_LOWER'] }, sort: { column: 'difference', direction: 'asc' } });
    expect(lower).toHaveLength(truth.totals.classes.PROVIDER_LOWER);
    expect(keysOf(lower)).toEqual(keysOf(sortedBy(truth.rows.filter((r) => r.status === 'PROVIDER_LOWER'), (r) => r.differenceMinor, 'asc')));

    const out = await allRows({ viewId: view, filter: { outOfToleranceOnly: true } });
    expect(keysOf(out)).toEqual(keysOf(truth.rows.filter((r) => r.outOfTolerance)));

    const explained = await allRows({ viewId: view, filter: { review: ['explained'] }, sort: { column: 'taskCount', direction: 'desc' } });
    expect(keysOf(explained)).toEqual(keysOf(truth.rows.filter((r) => r.review?.state === 'explained')));
    expect(explained.length).toBeGreaterThan(0);
    const open = await allRows({ viewId: view, filter: { review: ['open'] } });
    expect(open.length + explained.length).toBe(truth.rows.length);

    const provider = truth.rows[5]!.providerId;
    const one = await allRows({ viewId: view, filter: { providerId: provider }, sort: { column: 'periodStart', direction: 'asc' } });
    expect(one.map((r) => r.periodStart)).toEqual(truth.rows.filter((r) => r.providerId === provider).map((r) => r.periodStart).sort());

    // Case-insensitive, on the name or the id.
    const text = await allRows({ viewId: view, filter: { text: 'provider 0012' } });
    expect(keysOf(text)).toEqual(keysOf(truth.rows.filter((r) => r.providerName.toLowerCase().includes('provider 0012'))));
    const byId = await allRows({ viewId: view, filter: { text: 'p0003' } });
    expect(keysOf(byId)).toEqual(keysOf(truth.rows.filter((r) => r.providerId.toLowerCase().includes('p0003'))));
  });

  it('answers an empty page past the end, and refuses a page above the cap', async () => {
    const past = await value('reconcile:rows', { viewId: summary.view.id, offset: seed.rows + 10, limit: 100 });
    expect(past).toMatchObject({ total: seed.rows, offset: seed.rows + 10, rows: [] });
    const tail = await value('reconcile:rows', { viewId: summary.view.id, offset: seed.rows - 3, limit: 100 });
    expect(tail.rows).toHaveLength(3);
    const counted = await value('reconcile:rows', { viewId: summary.view.id, offset: 0, limit: 0, filter: { classes: ['MATCHED'] } });
    expect(counted).toMatchObject({ total: truth.totals.classes.MATCHED, rows: [] });
    expect(await call('reconcile:rows', { viewId: summary.view.id, offset: 0, limit: 1001 })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await call('reconcile:rows', { viewId: summary.view.id, offset: -1, limit: 10 })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    // A column the list does not have cannot even be typed; sent anyway, the contract refuses it.
    expect(await main.ipc.invoke('reconcile:rows', [{ viewId: summary.view.id, offset: 0, limit: 10, sort: { column: 'nonsense', direction: 'asc' } }])).toMatchObject({
      ok: false,
      error: { kind: 'invalid_input' },
    });
  });

  it('pages the open items too', async () => {
    const page = await value('reconcile:rows', { viewId: summary.view.id, list: 'openItems', offset: 0, limit: 1000 });
    expect(page.list).toBe('openItems');
    expect(page.total).toBe(truth.openItems.length);
    expect(keysOf(page.rows)).toEqual(keysOf(truth.openItems.slice(0, 1000)));
  });

  it('shows a review saved after the run on the next page', async () => {
    const r = await run();
    const first = await value('reconcile:rows', { viewId: r.view.id, offset: 0, limit: 3, sort: { column: 'difference', direction: 'desc' } });
    const keys = keysOf(first.rows);
    await value('review:set', { connection: seed.connection, itemKeys: keys, state: 'resolved', reason: 'pricing', note: 'checked' });
    const again = await value('reconcile:rows', { viewId: r.view.id, offset: 0, limit: 3, sort: { column: 'difference', direction: 'desc' } });
    expect(again.rows.map((x) => x.review?.state)).toEqual(['resolved', 'resolved', 'resolved']);
    const resolved = await value('reconcile:rows', { viewId: r.view.id, offset: 0, limit: 10, filter: { review: ['resolved'] } });
    expect(resolved.total).toBe(3);
  });
});

describe('reconcile:keys', () => {
  it('gives the keys of a range of the filtered, sorted list', async () => {
    const sort = { column: 'difference', direction: 'desc' } as const;
    const filter = { classes: ['PROVIDER_HIGHER' as const, 'PROVIDER_LOWER' as const] };
    const range = await value('reconcile:keys', { viewId: summary.view.id, sort, filter, offset: 10, limit: 25 });
    const expected = sortedBy(
      truth.rows.filter((r) => r.outOfTolerance),
      (r) => r.differenceMinor,
      'desc',
    );
    expect(range.total).toBe(expected.length);
    expect(range.keys).toEqual(keysOf(expected.slice(10, 35)));
    const all = await value('reconcile:keys', { viewId: summary.view.id, filter });
    expect(all.keys).toHaveLength(expected.length);
  });
});

describe('views', () => {
  it('an unknown view answers not_found with what to do', async () => {
    const answer = await call('reconcile:rows', { viewId: 'no-such-view', offset: 0, limit: 10 });
    expect(answer).toEqual({ ok: false, error: { kind: 'not_found', message: 'The reconciliation was closed: run it again.' } });
    expect(await call('reconcile:keys', { viewId: 'no-such-view' })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('keeps the last four runs and forgets the least recently used', async () => {
    const first = await run();
    const ids = [first.view.id];
    for (let i = 0; i < 3; i++) ids.push((await run()).view.id);
    // Touch the first: it becomes the most recent, so the second is the one a fifth run evicts.
    expect((await call('reconcile:rows', { viewId: ids[0]!, offset: 0, limit: 1 })).ok).toBe(true);
    await run();
    expect((await call('reconcile:rows', { viewId: ids[0]!, offset: 0, limit: 1 })).ok).toBe(true);
    expect(await call('reconcile:rows', { viewId: ids[1]!, offset: 0, limit: 1 })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    for (const id of ids.slice(2)) expect((await call('reconcile:rows', { viewId: id, offset: 0, limit: 1 })).ok).toBe(true);
  });
});
