/**
 * What an accountant does in a day, in a real Chromium against the browser harness: open the demo,
 * sync with the progress bar, read and filter the reconciliation, annotate in bulk, drill into a
 * provider, sign off as preparer then reviewer, export the workbook, read the PAYG collections.
 */
import { readFileSync, existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PortalReconciliation } from '../../electron/core/reconcile/index.ts';
import { identityFromKey, newPrivateKeyPem, posixAccountId } from '../../electron/core/identity/index.ts';
import { rangeItems, signOff } from '../../electron/core/signoff/index.ts';
import { testIdentity } from '../support/identity.ts';
import { withStore } from '../support/review-store.ts';
import { screenshot, startApp, type App } from './support/app.ts';
import { decimalDigits, eventually, signedDigits } from './support/expect.ts';
import { paygTruth, portalTruth as engineTruth } from './support/truth.ts';
import { ReconciliationPage } from './pages/reconciliation-page.ts';
import { ReviewPage } from './pages/review-page.ts';
import { Shell } from './pages/shell.ts';
import { SyncPage } from './pages/sync-page.ts';
import { WelcomePage } from './pages/welcome-page.ts';

const FROM = '2025-01-01';
const TO = '2025-12-31';

let app: App;
let shell: Shell;

function portalTruth(): Promise<PortalReconciliation> {
  return Promise.resolve(engineTruth(app.harness, { connection: 'demo-portal', from: FROM, to: TO, period: 'month' }));
}

beforeAll(async () => {
  // The window acts as one account of this computer (ana, uid 1001, with a key of its own), as on a
  // Linux or macOS machine; the README's picture of Review & sign-off shows it.
  app = await startApp({ harness: { identity: identityFromKey({ accountId: posixAccountId('ana', 1001), displayName: 'Ana Pérez' }, newPrivateKeyPem()) } });
  shell = new Shell(app.page);
});

afterAll(async () => {
  await app?.close();
});

describe('the accountant’s day', () => {
  test('first run offers the demo workspace, which adds both kinds of connection', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Welcome to Concilia' }).waitFor();
    // Landmarks and the skip link are there for keyboard and screen-reader users.
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await screenshot(page, 'demo-start');

    await new WelcomePage(page).openDemo();
    const options = await page.getByTestId('connection-select').locator('option').allTextContents();
    expect(options.map((o) => o.split(' · ')[0]).sort()).toEqual(['demo-payg', 'demo-portal']);
    // The demo starts on the portal connection.
    expect(await page.getByTestId('connection-select').inputValue()).toBe('demo-portal');
  });

  test('syncs a year with a progress bar that reaches its end, and the coverage map fills in', async () => {
    const { page } = app;
    const sync = new SyncPage(page);
    const sandbox = await app.harness.handlers.demoSandbox();
    expect(sandbox).not.toBeNull();
    // A little latency so the bar is seen moving (and photographed) rather than only finished.
    sandbox?.setFaults({ latencyMs: 150 });
    await sync.setRange(FROM, TO, 'month');
    await sync.start();
    const bar = sync.progressBar();
    await bar.waitFor();
    await eventually(async () => expect(await bar.getAttribute('aria-valuemax')).toBe('12'));
    await eventually(async () => expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(2));
    await screenshot(page, 'sync-progress');
    expect(await sync.waitForOutcome()).toContain('Sync complete');
    sandbox?.setFaults({ latencyMs: 0 });
    expect(await bar.getAttribute('aria-valuenow')).toBe('12');
    expect(Number(await page.getByTestId('sync-rows').innerText())).toBeGreaterThan(0);
    await eventually(async () => {
      const states = await sync.coverageCells().evaluateAll((cells) => cells.map((c) => c.getAttribute('data-state')));
      expect(states).toEqual(Array(12).fill('synced'));
    });
    expect(await page.getByTestId('last-synced').innerText()).toMatch(/Last synced/);
  });

  test('the reconciliation shows the engine’s exact totals, row count and classes', async () => {
    const { page } = app;
    await page.getByTestId('go-reconcile').click();
    const recon = new ReconciliationPage(page);
    await recon.waitForRows();
    const truth = await portalTruth();
    expect(truth.rows.length).toBeGreaterThan(100);
    expect(await recon.rowCount()).toBe(truth.rows.length);
    expect(signedDigits(await recon.summary('total-invoiced').innerText())).toBe(decimalDigits(truth.totals.invoiced));
    expect(signedDigits(await recon.summary('total-provider').innerText())).toBe(decimalDigits(truth.totals.providerReported));
    expect(signedDigits(await recon.summary('total-difference').innerText())).toBe(decimalDigits(truth.totals.difference));
    for (const c of ['MATCHED', 'WITHIN_TOLERANCE', 'PROVIDER_HIGHER', 'PROVIDER_LOWER'] as const) {
      expect(signedDigits(await page.getByTestId(`count-${c}`).innerText())).toBe(String(truth.totals.classes[c]));
    }
    // Amounts keep every digit: the first row shows the engine's difference exactly.
    expect(signedDigits(await recon.cellText(0, 7))).toBe(decimalDigits(truth.rows[0]!.difference));
    await screenshot(page, 'reconciliation');
  });

  test('filters by provider and class, and sorts by difference both ways', async () => {
    const { page } = app;
    const recon = new ReconciliationPage(page);
    const truth = await portalTruth();
    const name = truth.rows[0]!.providerName;
    await recon.filterProvider(name);
    const expected = truth.rows.filter(
      (r) => r.providerName.toLowerCase().includes(name.toLowerCase()) || r.providerId.toLowerCase().includes(name.toLowerCase()),
    ).length;
    await eventually(async () => expect(await recon.rowCount()).toBe(expected));
    await recon.filterProvider('');
    await recon.filterClass('PROVIDER_LOWER');
    await eventually(async () => expect(await recon.rowCount()).toBe(truth.totals.classes.PROVIDER_LOWER));
    await recon.filterClass('');
    await eventually(async () => expect(await recon.rowCount()).toBe(truth.rows.length));

    const byDiff = [...truth.rows].sort((a, b) => a.differenceMinor - b.differenceMinor);
    await recon.sortBy('Difference');
    await eventually(async () => expect(await recon.columnHeader('Difference').getAttribute('aria-sort')).toBe('descending'));
    expect(signedDigits(await recon.cellText(0, 7))).toBe(decimalDigits(byDiff[byDiff.length - 1]!.difference));
    await recon.sortBy('Difference');
    await eventually(async () => expect(await recon.columnHeader('Difference').getAttribute('aria-sort')).toBe('ascending'));
    expect(signedDigits(await recon.cellText(0, 7))).toBe(decimalDigits(byDiff[0]!.difference));
  });

  test('the grid is usable from the keyboard: arrows, Home/End, Space to select, Enter to sort', async () => {
    const { page } = app;
    const recon = new ReconciliationPage(page);
    const total = await recon.rowCount();
    await recon.grid().locator('[role="gridcell"][data-r="1"][data-c="1"]').click();
    const focused = () => page.evaluate(() => ({ r: document.activeElement?.getAttribute('data-r'), c: document.activeElement?.getAttribute('data-c') }));
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toEqual({ r: '2', c: '1' });
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toEqual({ r: '2', c: '2' });
    await page.keyboard.press('Control+End');
    await eventually(async () => expect(await focused()).toEqual({ r: String(total), c: '9' }));
    expect(
      await recon
        .grid()
        .locator(`[role="row"][aria-rowindex="${total + 1}"]`)
        .count(),
    ).toBe(1);
    await page.keyboard.press('Control+Home');
    await eventually(async () => expect(await focused()).toEqual({ r: '1', c: '0' }));
    await page.keyboard.press('Space');
    await eventually(async () => expect(await page.getByTestId('grid-selected-count').innerText()).toBe('1 selected'));
    await page.keyboard.press('Escape');
    await eventually(async () => expect(await page.getByTestId('grid-selected-count').innerText()).toBe('0 selected'));
    // Up from the first row reaches the header; Enter there sorts that column.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await recon.columnHeader('Provider').getAttribute('aria-sort')).not.toBe('none'));
    // Focus is visible: the focused cell draws an outline.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
  });

  test('annotates three rows at once with checkbox + Shift range, and the cache records it', async () => {
    const { page } = app;
    const recon = new ReconciliationPage(page);
    await recon.filterClass('__out');
    await recon.sortBy('Difference');
    await recon.rowCheckbox(0).click();
    await recon.rowCheckbox(2).click({ modifiers: ['Shift'] });
    await eventually(async () => expect(await page.getByTestId('grid-selected-count').innerText()).toBe('3 selected'));
    const keys = await recon
      .grid()
      .locator('[role="row"][aria-selected="true"]')
      .evaluateAll((rows) => rows.length);
    expect(keys).toBe(3);
    const rowKeys: string[] = [];
    for (let i = 0; i < 3; i++) rowKeys.push(`${await recon.cellText(i, 2)}|${await recon.cellText(i, 3)}`);
    await recon.bulkReview({ state: 'explained', reason: 'timing', note: 'Invoiced in the next cut-off' });
    await eventually(async () => {
      for (let i = 0; i < 3; i++) expect(await recon.cellText(i, 10)).toBe('Explained');
    });
    const truth = await portalTruth();
    const reviewed = truth.rows.filter((r) => r.review?.state === 'explained');
    expect(reviewed).toHaveLength(3);
    for (const r of reviewed) {
      expect(r.review).toMatchObject({ reason: 'timing', note: 'Invoiced in the next cut-off', author: 'Ana Pérez' });
    }
    expect(rowKeys).toHaveLength(3);
  });

  test('a provider drill-down charts the difference by period and reviews one period; Escape closes it', async () => {
    const { page } = app;
    const recon = new ReconciliationPage(page);
    const cell = recon.grid().locator('[role="gridcell"][data-r="4"][data-c="1"]');
    await cell.click();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('drill-down');
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-labelledby')).toBeTruthy();
    // An SVG bar per period (it was a uPlot canvas of two lines; the difference and its tolerance band read better).
    expect(await page.getByTestId('drill-chart').getByTestId('chart-bar').count()).toBeGreaterThan(0);
    const form = page.getByTestId('row-review-form');
    await form.getByLabel('State').selectOption('resolved');
    await form.getByLabel('Reason').selectOption('pricing');
    await form.getByLabel('Note').fill('Rate card of the period');
    await form.getByTestId('row-review-apply').click();
    await eventually(async () => expect(await page.getByTestId('drill-current-review').innerText()).toMatch(/Resolved by Ana Pérez/));
    // Focus stays inside the dialog while tabbing.
    for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-r'))).toBe('4');
    const truth = await portalTruth();
    expect(truth.rows.filter((r) => r.review?.state === 'resolved')).toHaveLength(1);
  });

  test('refuses the preparer while items are open; signs once each is settled, refuses the same account as reviewer, then another account signs', async () => {
    const { page } = app;
    await shell.go('review');
    const review = new ReviewPage(page);
    // Strict sign-off: the items reviewed so far are not all of them.
    const open = [...rangeItems(await portalTruth())].filter((i) => i.kind !== null && (i.review?.state ?? 'open') === 'open');
    expect(open.length).toBeGreaterThan(1);
    await review.signOff('preparer');
    // The refusal is said in the preparer's card, with its count, beside the way to the items it is about.
    const refused = review.refusal('preparer');
    await refused.waitFor();
    const ofKind = (kind: string) => open.filter((i) => i.kind === kind).length;
    expect(ofKind('discrepancies')).toBeGreaterThan(0);
    expect(ofKind('findings')).toBeGreaterThan(0);
    expect(await refused.innerText()).toContain(`cannot be signed off yet: ${ofKind('discrepancies')} out-of-tolerance discrepancies and ${ofKind('findings')} findings still open.`);
    expect(await page.getByTestId('show-open-items').innerText()).toBe(`Show the ${open.length} open items`);
    expect(await page.getByTestId('alert').count()).toBe(0);
    // Every other item that needs a review is carried forward (through the window's own channel).
    await app.harness.handlers.handlers['review:set']({ connection: 'demo-portal', itemKeys: open.map((i) => i.key), state: 'carried_forward', reason: 'timing', note: 'Looked at next month' });
    await review.signOff('preparer');
    await review.signed('preparer').waitFor();
    await review.signOff('reviewer');
    // The same account as reviewer: refused in the reviewer's card, naming who prepared it.
    const alert = review.refusal('reviewer');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('Ana Pérez prepared this range, so another account must review it.');
    expect(await review.signed('reviewer').count()).toBe(0);
    // The window has no way to act as someone else: another account of this computer countersigns
    // the same statement (as its own Concilia would), and the window shows it.
    const prepared = (await app.harness.handlers.handlers['review:signoffs']({ connection: 'demo-portal' })).find((s) => s.status === 'live' && s.role === 'preparer');
    expect(prepared?.author).toBe('Ana Pérez');
    await signOff(withStore(app.harness.db, Date.now, testIdentity('Luis Gómez')), { connection: 'demo-portal', from: prepared?.from ?? FROM, to: prepared?.to ?? TO, period: prepared?.period ?? 'month', role: 'reviewer' });
    await shell.go('reconcile');
    await shell.go('review');
    await review.signed('reviewer').waitFor();
    expect(await review.signed('reviewer').innerText()).toContain('Luis Gómez');
    await eventually(async () => expect(await review.chainStatus().getAttribute('data-ok')).toBe('true'));
    // 3 bulk + 1 row review + 2 sign-offs, each one entry of the chained log.
    await eventually(async () => expect(await review.auditRows().count()).toBeGreaterThanOrEqual(6));
    // Who the window signs as, in words, with the exact account id for auditors.
    expect(await page.getByTestId('identity-account').innerText()).toBe('Account ana on this computer (user number 1001)');
    expect(await page.getByTestId('identity-account-id').innerText()).toBe('posix:ana:1001');
    await screenshot(page, 'review-signoff');
    const signoffs = await app.harness.handlers.handlers['review:signoffs']({ connection: 'demo-portal', from: FROM, to: TO });
    expect(signoffs.filter((s) => s.status === 'live').map((s) => [s.role, s.author])).toEqual(
      expect.arrayContaining([
        ['preparer', 'Ana Pérez'],
        ['reviewer', 'Luis Gómez'],
      ]),
    );
  });

  test('exports the workbook and offers to show it in its folder', async () => {
    const { page } = app;
    await page.getByTestId('export').click();
    const done = page.getByTestId('export-done');
    await done.waitFor({ timeout: 60_000 });
    const path = (await page.getByTestId('export-path').innerText()).trim();
    expect(path.endsWith('.xlsx')).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
    await page.getByTestId('show-in-folder').click();
    await eventually(() => {
      expect(app.harness.platform.shown).toContain(path);
      return Promise.resolve();
    });
    await page.keyboard.press('Escape');
    await done.waitFor({ state: 'detached' });
  });

  test('the PAYG connection syncs and shows billed vs collected, ageing and exceptions', async () => {
    const { page } = app;
    await shell.chooseConnection('demo-payg');
    await shell.go('sync');
    const sync = new SyncPage(page);
    await sync.setRange(FROM, TO, 'month');
    await sync.start();
    expect(await sync.waitForOutcome()).toContain('Sync complete');
    await page.getByTestId('go-reconcile').click();
    await page.getByTestId('payg-summary').waitFor({ timeout: 60_000 });
    // Collections count ages to the range's end unless the user picks another day.
    const truth = paygTruth(app.harness, { connection: 'demo-payg', from: FROM, to: TO, period: 'month', agedAt: Date.parse(`${TO}T23:59:59.999Z`) });
    const first = truth.totals[0]!;
    expect(signedDigits(await page.getByTestId('payg-billed').innerText())).toBe(decimalDigits(first.billed));
    expect(await page.getByTestId('payg-chart').getByTestId('chart-bar').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('ageing-chart').getByTestId('chart-bar').count()).toBeGreaterThan(0);
    // The exceptions of the currency on screen (the first tab), not of every currency.
    const grid = page.getByTestId('exceptions-grid');
    expect(Number((await grid.getByTestId('grid-row-count').innerText()).replace(/[^\d]/g, ''))).toBe(truth.exceptions.filter((e) => e.currency === first.currency).length);
    await screenshot(page, 'payg');
  });

  test('switches to Spanish and formats amounts for the Spanish locale', async () => {
    const { page } = app;
    await page.getByTestId('language-select').selectOption('es');
    await page.getByRole('heading', { name: 'Cobros' }).waitFor();
    expect(await page.getByTestId('nav-review').innerText()).toContain('Revisión y aprobación');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.getByTestId('language-select').selectOption('en');
    await page.getByRole('heading', { name: 'Collections' }).waitFor();
    expect(app.problems).toEqual([]);
  });
});
