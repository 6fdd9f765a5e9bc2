/**
 * A billing period the PAYG service deleted, as the collections screen shows it: synced over HTTP
 * from an upstream that dropped it, confirmed gone by id, then listed beside the restatements by
 * loan, period and amount (never by its key), its restatement named by the loan it was, with
 * nothing for axe to find.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { hostileWorld, type HostileWorld } from '../integration/sync/hostile-helpers.ts';
import type { PaygRecordJson } from '../support/hostile-upstream.ts';
import { evidence, startApp, type App } from './support/app.ts';
import { axeViolations, internalCodes } from './support/checks.ts';
import { Shell } from './pages/shell.ts';

let world: HostileWorld;
let app: App;
let victim: PaygRecordJson;

beforeAll(async () => {
  world = await hostileWorld();
  await world.syncPayg();
  const ids = [...world.upstream.records.keys()].sort((a, b) => a - b);
  victim = world.upstream.records.get(ids[10] ?? 0) as PaygRecordJson;
  world.upstream.records.delete(victim.id);
  const again = await world.syncPayg({ force: true });
  expect(again.removals).toBe(1);
  world.db.close();
  app = await startApp({
    harness: { dbPath: world.dbPath },
    // The window opens on the month that was synced.
    before: async (harness) => {
      await harness.handlers.handlers['settings:set']({ range: { connection: 'lms', from: '2025-03-01', to: '2025-03-31', period: 'month' } });
    },
  });
  const shell = new Shell(app.page);
  await shell.chooseConnection('lms');
  await shell.go('reconcile');
}, 180_000);

afterAll(async () => {
  await app?.close();
  await world?.upstream.close();
  if (world) rmSync(world.dir, { recursive: true, force: true });
});

test('a billing period deleted upstream is listed by loan, period and amount beside the restatements', async () => {
  const { page } = app;
  const panel = page.getByTestId('removals-panel');
  await panel.waitFor({ timeout: 60_000 });
  const rows = panel.getByTestId('removals-table').locator('tbody tr');
  expect(await rows.count()).toBe(1);
  const cells = await rows.first().locator('td').allInnerTexts();
  expect(cells[0]).toBe(victim.loanName);
  // The amount as the upstream sent it, in its currency: digits and separator aside, the same figure.
  expect(cells[2]?.replace(/[^\d]/g, '')).toBe(victim.totalAmountIncMaintenanceFee.replace(/[^\d]/g, ''));
  expect(await panel.innerText()).toMatch(/Removed upstream/);
  // Its restatement names it too, by the loan it was, and says in words what changed.
  const restated = await page.getByTestId('restatements-table').locator('tbody tr').first().locator('td').allInnerTexts();
  expect(restated[0]).toContain(victim.loanName);
  expect(restated.slice(2, 4)).toEqual(['Present', 'Removed']);
  expect(await internalCodes(page)).toEqual([]);
  await panel.scrollIntoViewIfNeeded();
  await evidence(page, 'collections-removals');
  expect(await axeViolations(page)).toEqual([]);
  expect(app.problems).toEqual([]);
});
