/**
 * The sync screen's defects from the month-end walkthrough, one test each: one countdown, tiles
 * that fill as windows land, messages that clear after a later success, a failed sync that looks
 * failed, and counts that say what they count.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { evidence, startApp, type App } from './support/app.ts';
import { demoSandbox } from './support/demo.ts';
import { eventually } from './support/expect.ts';
import { Shell } from './pages/shell.ts';
import { SyncPage } from './pages/sync-page.ts';
import { WelcomePage } from './pages/welcome-page.ts';

let app: App;
let sync: SyncPage;
let shell: Shell;

beforeAll(async () => {
  app = await startApp();
  await new WelcomePage(app.page).openDemo();
  sync = new SyncPage(app.page);
  shell = new Shell(app.page);
});

afterAll(async () => {
  await app?.close();
});

const sandbox = () => demoSandbox(app);

const states = () => sync.coverageCells().evaluateAll((cells) => cells.map((c) => c.getAttribute('data-state')));

test('coverage tiles fill in as windows land, not when the whole job ends', async () => {
  const s = await sandbox();
  s.setFaults({ latencyMs: 250 });
  expect(new Set(await states())).toEqual(new Set(['missing']));
  await sync.start();
  const bar = sync.progressBar();
  // While the job still runs, some periods already say they are synced.
  await eventually(async () => {
    const done = Number(await bar.getAttribute('aria-valuenow'));
    expect(done).toBeGreaterThan(2);
    expect(done).toBeLessThan(12);
    expect((await states()).filter((x) => x === 'synced').length).toBeGreaterThan(0);
  }, 30_000);
  await evidence(app.page, 'sync-tiles-while-running');
  expect(await sync.waitForOutcome(120_000)).toContain('Sync complete');
  s.setFaults({ latencyMs: 0 });
  await eventually(async () => expect(await states()).toEqual(Array(12).fill('synced')));
});

test('counts say what they count: rows received in this sync, and rows in the cache for the range', async () => {
  const { page } = app;
  const cached = await page.getByTestId('coverage-rows').innerText();
  expect(cached).toMatch(/^[\d,]+ report rows in the cache for this range\.$/);
  // A second sync of fresh windows downloads nothing: it received 0 rows, the cache still holds them all.
  await sync.start();
  expect(await sync.waitForOutcome()).toContain('Sync complete');
  expect(await page.getByTestId('sync-progress').innerText()).toContain('Rows received in this sync: 0');
  expect(await sync.outcome().innerText()).toMatch(/0 rows received in this sync .*12 windows already up to date/);
  expect(await page.getByTestId('coverage-rows').innerText()).toBe(cached);
  await evidence(page, 'sync-counts');
});

test('one countdown for the rate limit, and a partly failed sync says so', async () => {
  const { page } = app;
  const s = await sandbox();
  // Five attempts per window: six 429s fail the first window and delay the second.
  s.setFaults({ burst429: 6 });
  await page.getByLabel('Download again even if fresh').check();
  await sync.start();
  await eventually(async () => expect(await page.getByTestId('sync-wait').innerText()).toMatch(/Waiting \d+ s for the rate limit/), 30_000);
  const text = await page.getByTestId('sync-progress').innerText();
  expect(text.match(/\d+ s\b/g)).toHaveLength(1);
  await evidence(page, 'sync-one-countdown');
  expect(await sync.waitForOutcome(120_000)).toMatch(/partly failed/);
  s.setFaults({ burst429: 0 });
  await shell.alerts().last().waitFor();
  expect(await shell.alerts().count()).toBeGreaterThan(0);
});

test('a later success clears the messages of earlier failures', async () => {
  const { page } = app;
  expect(await page.getByTestId('alert').count()).toBeGreaterThan(0);
  await sync.start();
  expect(await sync.waitForOutcome(120_000)).toContain('Sync complete');
  await eventually(async () => expect(await page.getByTestId('alert').count()).toBe(0));
  await page.getByLabel('Download again even if fresh').uncheck();

  // "The connection was not added" goes too, once one is.
  await shell.go('connections');
  const add = async (name: string) => {
    await page.getByTestId('add-connection').click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.getByLabel('PAYG').check();
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Base address').fill('https://loans.example.com');
    await dialog.getByRole('button', { name: 'Add a connection' }).click();
  };
  await add('demo-payg');
  await eventually(async () => expect(await page.getByTestId('alert').innerText()).toMatch(/The connection was not added/));
  await page.keyboard.press('Escape');
  await add('branch-loans');
  await page.getByTestId('connection-dialog').waitFor({ state: 'detached' });
  await eventually(async () => expect(await page.getByTestId('alert').count()).toBe(0));
  await shell.go('sync');
});

test('a failed sync looks failed: no full blue bar', async () => {
  const { page } = app;
  const s = await sandbox();
  s.setFaults({ dropConnectionRate: 1 });
  await page.getByLabel('Download again even if fresh').check();
  await sync.start();
  expect(await sync.waitForOutcome(120_000)).toMatch(/failed/i);
  s.setFaults({ dropConnectionRate: 0 });
  const bar = sync.progressBar();
  expect(await bar.getAttribute('data-tone')).toBe('failed');
  expect(await bar.getAttribute('aria-valuetext')).toMatch(/failed/i);
  const fill = await bar.locator('.progress-fill').evaluate((el) => getComputedStyle(el).backgroundImage + getComputedStyle(el).backgroundColor);
  const accent = await page.evaluate(() => getComputedStyle(document.querySelector('.btn-primary') as Element).backgroundColor);
  expect(fill).not.toContain(accent);
  expect(await sync.outcome().getAttribute('data-outcome')).toMatch(/failed|partial/);
  await evidence(page, 'sync-failed');
  await page.getByLabel('Download again even if fresh').uncheck();
});
