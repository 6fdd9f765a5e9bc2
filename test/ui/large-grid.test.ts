/**
 * 100,000 reconciliation rows: the grid keeps only what is in view in the DOM, and scrolling (by
 * keyboard and by the scrollbar) still reaches the last row. Frame times belong to the benchmarks.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startApp, type App } from './support/app.ts';
import { eventually } from './support/expect.ts';
import { seedLargePortal, type LargeSeed } from './support/seed-large.ts';
import { ReconciliationPage } from './pages/reconciliation-page.ts';

let app: App;
let seed: LargeSeed;

beforeAll(async () => {
  app = await startApp({
    before: (harness) => {
      seed = seedLargePortal(harness.db, { months: 20, providers: 5000 });
    },
  });
});

afterAll(async () => {
  await app?.close();
});

test('scrolls a 100,000-row reconciliation with only a window of rows in the DOM', async () => {
  const { page } = app;
  expect(seed.rows).toBe(100_000);
  const recon = new ReconciliationPage(page);
  await page.getByTestId('range-from').fill(seed.from);
  await page.getByTestId('range-to').fill(seed.to);
  await page.getByTestId('range-apply').click();
  await eventually(async () => expect(await recon.rowCount()).toBe(100_000), 90_000);
  expect(await recon.grid().getAttribute('aria-rowcount')).toBe('100001');

  const rendered = await recon.renderedRows().count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(100);

  // The scrollbar: jump to the bottom and the last row is there, still with a small DOM.
  await page
    .getByTestId('portal-grid')
    .locator('.grid-scroll')
    .evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await eventually(async () => expect(await recon.grid().locator('[role="row"][aria-rowindex="100001"]').count()).toBe(1));
  expect(await recon.renderedRows().count()).toBeLessThan(100);

  // The keyboard: back to the top, then Ctrl+End focuses the last row's last cell.
  await page
    .getByTestId('portal-grid')
    .locator('.grid-scroll')
    .evaluate((el) => el.scrollTo({ top: 0 }));
  await recon.grid().locator('[role="gridcell"][data-r="1"][data-c="1"]').click();
  await page.keyboard.press('Control+End');
  await eventually(async () => expect(await page.evaluate(() => document.activeElement?.getAttribute('data-r'))).toBe('100000'));
  expect(await recon.renderedRows().count()).toBeLessThan(100);

  // Sorting all 100,000 rows keeps the DOM small too.
  await recon.sortBy('Difference');
  await eventually(async () => expect(await recon.columnHeader('Difference').getAttribute('aria-sort')).toBe('descending'));
  expect(await recon.renderedRows().count()).toBeLessThan(100);
  expect(app.problems).toEqual([]);
});
