/**
 * The collections (PAYG) screen's defects from the month-end walkthrough, one test each: the
 * currency tab filters the exceptions, Enter opens one, the grid fits its card, "days in status"
 * claims nothing nobody saw, ages count to an "as of" day, and the period buttons keep the order
 * of the other screens.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { evidence, startApp, type App } from './support/app.ts';
import { DEMO_FROM, DEMO_TO, openSyncedDemo } from './support/demo.ts';
import { eventually } from './support/expect.ts';
import { paygTruth } from './support/truth.ts';
import { Shell } from './pages/shell.ts';

let app: App;
let shell: Shell;

beforeAll(async () => {
  app = await startApp();
  shell = new Shell(app.page);
  await openSyncedDemo(app, { payg: true });
  await shell.chooseConnection('demo-payg');
  await shell.go('reconcile');
  await app.page.getByTestId('exceptions-grid').getByRole('gridcell').first().waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await app?.close();
});

const grid = () => app.page.getByTestId('exceptions-grid');
const rowCount = async () => Number((await grid().getByTestId('grid-row-count').innerText()).replace(/\D/g, ''));
/** The amounts column (select, loan, period, status, amount…). */
const amounts = () => grid().locator('[role="gridcell"][data-c="4"]').allInnerTexts();

test('the currency tab filters the exceptions: GHS shows only cedis, USD only dollars', async () => {
  const { page } = app;
  const truth = paygTruth(app.harness, { connection: 'demo-payg', from: DEMO_FROM, to: DEMO_TO, period: 'month', agedAt: Date.parse(`${DEMO_TO}T23:59:59.999Z`) });
  const tabs = page.getByTestId('currency-tabs').getByRole('button');
  expect(await tabs.allInnerTexts()).toEqual(truth.totals.map((t) => t.currency));
  for (const currency of ['GHS', 'USD']) {
    await tabs.filter({ hasText: currency }).click();
    const expected = truth.exceptions.filter((e) => e.currency === currency).length;
    await eventually(async () => expect(await rowCount()).toBe(expected));
    const shown = await amounts();
    expect(shown.length).toBeGreaterThan(0);
    for (const amount of shown) expect(amount).toMatch(currency === 'GHS' ? /GH₵/ : /^USD\s/);
  }
  await tabs.filter({ hasText: 'GHS' }).click();
  await eventually(async () => expect((await amounts())[0]).toMatch(/GH₵/));
  await evidence(page, 'collections-ghs');
});

test('Enter opens the exception it promises to open', async () => {
  const { page } = app;
  expect(await grid().getByTestId('grid-keys').innerText()).toContain('Enter opens');
  await grid().locator('[role="gridcell"][data-r="2"][data-c="2"]').click();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('exception-dialog');
  await dialog.waitFor();
  await dialog.screenshot({ path: await evidence(page, 'exception-dialog') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-r'))).toBe('2');
});

test('the grid fits its card: every column, Review included, without scrolling sideways', async () => {
  const scroll = grid().locator('.grid-scroll');
  const sideways = await scroll.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  const panel = await app.page.getByTestId('exceptions-panel').boundingBox();
  const review = await grid().getByRole('columnheader', { name: /Review/ }).boundingBox();
  expect(panel && review && review.x + review.width <= panel.x + panel.width).toBe(true);
});

test('"days in status" never reads 0 for an item nobody saw change: it says since when Concilia knows', async () => {
  // One sync so far: every status was already so when first seen.
  const statuses = await grid().locator('[role="gridcell"][data-c="3"]').allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  for (const text of statuses) {
    expect(text).toMatch(/since .+ or earlier$/);
    expect(text).not.toMatch(/\b0\b/);
  }
});

test('ages count to an "as of" day: the range’s end by default, today when asked', async () => {
  const { page } = app;
  const chart = page.getByTestId('ageing-chart');
  expect(await chart.locator('figcaption').innerText()).toContain('Dec 31, 2025');
  const buckets = async () => chart.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1]?.textContent ?? ''));
  // At the end of 2025, some of it was recent.
  const atRangeEnd = await buckets();
  expect(atRangeEnd.slice(0, 4).some((n) => n !== '0')).toBe(true);
  await page.getByTestId('as-of').fill(new Date().toISOString().slice(0, 10));
  await page.getByTestId('as-of-apply').click();
  await eventually(async () => expect(await chart.locator('figcaption').innerText()).not.toContain('Dec 31, 2025'));
  // Today, all of 2025 is more than 90 days past its end.
  await eventually(async () => expect((await buckets()).slice(0, 4)).toEqual(['0', '0', '0', '0']));
  await evidence(page, 'collections-as-of-today');
});

test('the period buttons are in the same order as on the reconciliation screen', async () => {
  const { page } = app;
  const payg = await page.locator('[role="group"][aria-labelledby="range-period-label"] button').allInnerTexts();
  await shell.chooseConnection('demo-portal');
  await page.getByTestId('portal-grid').waitFor({ timeout: 60_000 });
  const portal = await page.locator('[role="group"][aria-labelledby="range-period-label"] button').allInnerTexts();
  expect(payg).toEqual(['Months', 'Weeks']);
  expect(portal.slice(0, payg.length)).toEqual(payg);
});
