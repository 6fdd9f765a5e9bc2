import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeOverview } from '../../../electron/core/close/index.ts';
import { setReview } from '../../../electron/core/review/index.ts';
import { revalidateSignoffs, signOff } from '../../../electron/core/signoff/index.ts';
import { testIdentity } from '../../support/identity.ts';
import { addConnection, addGrandTotal, addPortalRow, addRestatement, addWindow, NOW, tempCache, withStore, type TempCache } from '../reconcile/fixtures.ts';

let cache: TempCache;
let acme: number;
/** Luis, who reviews what Ana (the cache's own account) prepared. */
const luis = () => withStore(cache.db, cache.clock, testIdentity('luis'));

function month(start: string, end: string, rows: [string, number, number][], status: 'ok' | 'incomplete' = 'ok'): void {
  const w = addWindow(cache.db, acme, { kind: 'month', periodStart: start, periodEnd: end, status });
  for (const [provider, invoiced, reported] of rows) addPortalRow(cache.db, w, { providerId: provider, invoiced, provider: reported });
  addGrandTotal(cache.db, w);
}

beforeEach(() => {
  cache = tempCache();
  acme = addConnection(cache.db, { name: 'acme', kind: 'portal' });
  addConnection(cache.db, { name: 'lms', kind: 'payg' });
  month('2026-01-01', '2026-01-31', [['1', 100_000, 100_000], ['2', 200_000, 250_000], ['3', 300_000, 290_000]]);
  month('2026-02-01', '2026-02-28', [['1', 100_000, 100_000]]);
  month('2026-03-01', '2026-03-31', [['1', 100_000, 120_000]]);
  month('2026-04-01', '2026-04-30', [['1', 100_000, 100_000]], 'incomplete');
});
afterEach(() => cache.cleanup());

const input = { from: '2026-01', to: '2026-05', today: '2026-05-10', now: NOW };

describe('the month-end overview', () => {
  it('says for each connection and month whether it is not synced, incomplete, open, prepared, reviewed or voided', async () => {
    await signOff(cache, { connection: 'acme', from: '2026-02-01', to: '2026-02-28', period: 'month', role: 'preparer' });
    await signOff(luis(), { connection: 'acme', from: '2026-02-01', to: '2026-02-28', period: 'month', role: 'reviewer' });
    setReview(cache, { connection: 'acme', itemKeys: ['P|1|2026-03-01'], state: 'explained', reason: 'timing', note: 'credit note in the next month' });
    await signOff(cache, { connection: 'acme', from: '2026-03-01', to: '2026-03-31', period: 'month', role: 'preparer' });
    // A restatement of March after it was signed: the sync that stores it voids the sign-off and says why.
    cache.db.prepare("UPDATE portal_row SET provider_minor = 130000 WHERE period_start = '2026-03-01'").run();
    addRestatement(cache.db, acme, { entity: 'portal_row', key: 'P|1|2026-03-01', periodStart: '2026-03-01', field: 'provider_reported', oldValue: '1200.00', newValue: '1300.00' });
    expect(revalidateSignoffs(cache, 'acme')).toHaveLength(1);
    setReview(cache, { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'explained', reason: 'timing', note: 'credit note in the next month' });

    const view = closeOverview({ ...cache, team: false }, input);
    expect(view.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(view.connections).toEqual([
      { name: 'acme', kind: 'portal' },
      { name: 'lms', kind: 'payg' },
    ]);
    const acmeCells = view.cells.filter((c) => c.connection === 'acme');
    expect(acmeCells.map((c) => [c.month, c.state, c.openItems])).toEqual([
      ['2026-01', 'open', 1],
      ['2026-02', 'reviewed', 0],
      // The restated row no longer adds up to the report's grand total: a finding, open.
      ['2026-03', 'voided', 1],
      ['2026-04', 'incomplete', null],
      ['2026-05', 'not_synced', null],
    ]);
    expect(acmeCells[1]).toMatchObject({ preparer: { author: 'ana' }, reviewer: { author: 'luis' } });
    expect(acmeCells[2]?.voidReason).toContain('Provider-reported for Provider 1, March 2026 changed from 1,200.00 to 1,300.00');
    expect(view.cells.filter((c) => c.connection === 'lms').map((c) => c.state)).toEqual(Array(5).fill('not_synced'));
    expect(view.cells.every((c) => c.assignee === null && c.dueDate === null && !c.overdue)).toBe(true);
  });

  it('refuses months it cannot read', () => {
    expect(() => closeOverview({ ...cache, team: false }, { ...input, from: '2026-13' })).toThrow(/YYYY-MM/);
    expect(() => closeOverview({ ...cache, team: false }, { ...input, from: '2026-06' })).toThrow(/not be after the last/);
    expect(() => closeOverview({ ...cache, team: false }, { ...input, from: '2020-01' })).toThrow(/at most 36 months/);
  });
});
