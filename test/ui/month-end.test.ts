/**
 * The demo's month-end, then every screen of it in English and Spanish, light and dark: axe-core
 * finds nothing, no internal key (P|…, B|…, F|…), snake_case field or UPPER_SNAKE code is in the
 * text a person reads, and no heading, label, period or figure is cut off. Pictures of each screen
 * go to test-results/ui/.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { restatePortalFigures } from '../../electron/core/sandbox/index.ts';
import { rangeItems, signOff } from '../../electron/core/signoff/index.ts';
import { testIdentity } from '../support/identity.ts';
import { withStore } from '../support/review-store.ts';
import { evidence, screenshot, startApp, type App } from './support/app.ts';
import { axeViolations, clippedText, internalCodes } from './support/checks.ts';
import { eventually } from './support/expect.ts';
import { portalTruth } from './support/truth.ts';
import { ReconciliationPage } from './pages/reconciliation-page.ts';
import { ReviewPage } from './pages/review-page.ts';
import { Shell } from './pages/shell.ts';
import { SyncPage } from './pages/sync-page.ts';
import { WelcomePage } from './pages/welcome-page.ts';

let app: App;
let shell: Shell;
// The back end's clock (and the demo sandbox's): moved on past the portal's 5-minute response cache.
let later = 0;

beforeAll(async () => {
  app = await startApp({ now: '2026-12-15T10:00:00.000Z', harness: { clock: () => Date.now() + later, identity: testIdentity('Ana Pérez') } });
  shell = new Shell(app.page);
});

afterAll(async () => {
  await app?.close();
});

async function syncAndWait(sync: SyncPage): Promise<void> {
  await sync.start();
  expect(await sync.waitForOutcome(120_000)).toContain('Sync complete');
}

describe('the demo month-end', () => {
  test('sync, review in bulk and one by one, sign off twice, then a restatement upstream and the collections', async () => {
    const { page } = app;
    await new WelcomePage(page).openDemo();
    const sync = new SyncPage(page);
    // The demo connections start on the demo's own year.
    expect(await page.getByTestId('range-from').inputValue()).toBe('01/01/2025');
    await syncAndWait(sync);

    await page.getByTestId('go-reconcile').click();
    const recon = new ReconciliationPage(page);
    await recon.waitForRows();
    await recon.filterClass('__out');
    await recon.rowCheckbox(0).click();
    await recon.rowCheckbox(2).click({ modifiers: ['Shift'] });
    await eventually(async () => expect(await page.getByTestId('grid-selected-count').innerText()).toBe('3 selected'));
    await recon.bulkReview({ state: 'explained', reason: 'timing', note: 'Invoiced in the next cut-off' });
    await eventually(async () => expect(await recon.cellText(0, 10)).toBe('Explained'));

    // A drill-down, opened and reviewed from the keyboard.
    await recon.grid().locator('[role="gridcell"][data-r="5"][data-c="1"]').click();
    await page.keyboard.press('Enter');
    await page.getByTestId('drill-down').waitFor();
    const form = page.getByTestId('row-review-form');
    await form.getByLabel('State').selectOption('resolved');
    await form.getByLabel('Reason').selectOption('pricing');
    await form.getByLabel('Note').fill('Agreed price change');
    await form.getByTestId('row-review-apply').click();
    await page.getByTestId('drill-current-review').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('drill-down').waitFor({ state: 'detached' });

    await shell.go('review');
    const review = new ReviewPage(page);
    // Strict sign-off: every other item of the range that needs a review is carried forward first.
    const range = (await app.harness.handlers.handlers['settings:get']({})).ranges.find((r) => r.connection === 'demo-portal');
    expect(range).toBeTruthy();
    if (!range) return;
    const open = [...rangeItems(portalTruth(app.harness, range))].filter((i) => i.kind !== null && (i.review?.state ?? 'open') === 'open');
    await app.harness.handlers.handlers['review:set']({ connection: 'demo-portal', itemKeys: open.map((i) => i.key), state: 'carried_forward', reason: 'timing', note: 'Looked at next month' });
    await review.signOff('preparer');
    await review.signed('preparer').waitFor();
    // Another account of this computer countersigns the same statement, as its own Concilia would.
    signOff(withStore(app.harness.db, Date.now, testIdentity('Luis Gómez')), { ...range, role: 'reviewer' });
    await shell.go('reconcile');
    await shell.go('review');
    await review.signed('reviewer').waitFor();

    // The upstream restates March for one provider: the next sync records it and voids the sign-offs.
    const sandbox = await app.harness.handlers.demoSandbox();
    const connections = await app.harness.handlers.handlers['connections:list']({});
    const tenant = connections.find((c) => c.name === 'demo-portal')?.tenant ?? '';
    const row = portalTruth(app.harness, { connection: 'demo-portal', from: '2025-03-01', to: '2025-03-31', period: 'month' }).rows[0];
    expect(sandbox && row).toBeTruthy();
    if (!sandbox || !row) return;
    restatePortalFigures(sandbox.dataset, { tenant, providerId: row.providerId, date: '2025-03-10', set: { providerMinor: 25_000_000 } });
    later += 10 * 60_000;
    await shell.go('sync');
    await page.getByLabel('Download again even if fresh').check();
    await syncAndWait(sync);
    await page.getByLabel('Download again even if fresh').uncheck();
    await shell.go('review');
    await eventually(async () => expect(await page.getByTestId('signoffs-table').innerText()).toMatch(/Voided/));

    await shell.chooseConnection('demo-payg');
    await shell.go('sync');
    await syncAndWait(sync);
    await page.getByTestId('go-reconcile').click();
    await page.getByTestId('payg-summary').waitFor({ timeout: 60_000 });
    await page.getByTestId('exceptions-grid').locator('[role="gridcell"][data-r="1"][data-c="2"]').click();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('exception-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('State').selectOption('explained');
    await dialog.getByLabel('Reason').selectOption('timing');
    await dialog.getByLabel('Note').fill('Collected after the cut-off');
    await dialog.getByTestId('exception-review-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await shell.chooseConnection('demo-portal');
  });
});

interface Look {
  language: 'en' | 'es';
  theme: 'light' | 'dark';
}

/** Every screen of the month-end, and what each must pass. */
async function walk({ language, theme }: Look): Promise<Record<string, { axe: string[]; codes: string[]; clipped: string[] }>> {
  const { page } = app;
  await page.getByTestId('language-select').selectOption(language);
  await page.getByTestId('theme-select').selectOption(theme);
  await eventually(async () => expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme));
  const found: Record<string, { axe: string[]; codes: string[]; clipped: string[] }> = {};
  const look = async (name: string, ready: () => Promise<unknown>) => {
    await ready();
    // Names of items arrive a moment after their rows.
    await page.waitForTimeout(400);
    await evidence(page, `month-end-${language}-${theme}-${name}`);
    // The README shows the app in Spanish and dark as well.
    if (language === 'es' && theme === 'dark' && name === 'collections') await screenshot(page, 'collections-es-dark');
    found[name] = { axe: await axeViolations(page), codes: await internalCodes(page), clipped: await clippedText(page) };
  };
  const go = (screen: Parameters<Shell['go']>[0]) => shell.go(screen);

  await look('welcome', async () => {
    await go('welcome');
    await page.locator('#welcome-title').waitFor();
  });
  await look('connections', async () => {
    await go('connections');
    await page.getByTestId('connection-card').first().waitFor();
  });
  await look('connection-dialog', async () => {
    await page.getByTestId('add-connection').click();
    await page.getByTestId('connection-dialog').waitFor();
  });
  await page.keyboard.press('Escape');
  await look('sync', async () => {
    await go('sync');
    await page.getByTestId('coverage-map').waitFor();
  });
  await look('reconciliation', async () => {
    await go('reconcile');
    await page.getByTestId('portal-grid').getByRole('gridcell').first().waitFor();
    await page.getByTestId('restatements-table').waitFor();
  });
  await look('drill-down', async () => {
    await page.getByTestId('portal-grid').locator('[role="gridcell"][data-r="1"][data-c="2"]').dblclick();
    await page.getByTestId('drill-down').getByTestId('chart-bar').first().waitFor();
  });
  await page.keyboard.press('Escape');
  await look('review', async () => {
    await go('review');
    await page.getByTestId('audit-table').waitFor();
  });
  await shell.chooseConnection('demo-payg');
  await look('collections', async () => {
    await go('reconcile');
    await page.getByTestId('exceptions-grid').getByRole('gridcell').first().waitFor({ timeout: 60_000 });
  });
  await look('exception', async () => {
    await page.getByTestId('exceptions-grid').locator('[role="gridcell"][data-r="2"][data-c="2"]').dblclick();
    await page.getByTestId('exception-dialog').waitFor();
  });
  await page.keyboard.press('Escape');
  await look('collections-review', async () => {
    await go('review');
    await page.getByTestId('review-progress').waitFor();
  });
  await shell.chooseConnection('demo-portal');
  return found;
}

describe.each<Look>([
  { language: 'en', theme: 'light' },
  { language: 'es', theme: 'light' },
  { language: 'en', theme: 'dark' },
  { language: 'es', theme: 'dark' },
])('every screen in $language, $theme', (look) => {
  test('passes axe-core, shows no internal key or code, and cuts no heading, label or figure', async () => {
    const found = await walk(look);
    expect(Object.keys(found)).toHaveLength(10);
    for (const [screen, result] of Object.entries(found)) {
      expect(result.axe, `${screen}: axe-core`).toEqual([]);
      expect(result.codes, `${screen}: internal keys or codes on screen`).toEqual([]);
      expect(result.clipped, `${screen}: text cut off`).toEqual([]);
    }
    expect(app.problems).toEqual([]);
  });
});
