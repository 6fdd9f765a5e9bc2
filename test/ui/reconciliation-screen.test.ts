/**
 * The reconciliation screen's defects from the month-end walkthrough, one test each: the grid's
 * headings, selection and focus; the drill-down's chart and figures; the findings, open items and
 * restatements in names, periods and words; money that names its currency.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Locator } from 'playwright-core';
import { restatePortalFigures } from '../../electron/core/sandbox/index.ts';
import { evidence, screenshot, startApp, type App } from './support/app.ts';
import { DEMO_FROM, DEMO_TO, openSyncedDemo } from './support/demo.ts';
import { axeViolations } from './support/checks.ts';
import { eventually } from './support/expect.ts';
import { portalTruth } from './support/truth.ts';
import { ReconciliationPage } from './pages/reconciliation-page.ts';
import { Shell } from './pages/shell.ts';
import { SyncPage } from './pages/sync-page.ts';

let app: App;
let recon: ReconciliationPage;
let later = 0;

beforeAll(async () => {
  app = await startApp({ harness: { clock: () => Date.now() + later } });
  await openSyncedDemo(app);
  await app.page.getByTestId('go-reconcile').click();
  recon = new ReconciliationPage(app.page);
  await recon.waitForRows();
});

afterAll(async () => {
  await app?.close();
});

const focused = () => app.page.evaluate(() => ({ r: document.activeElement?.getAttribute('data-r') ?? null, c: document.activeElement?.getAttribute('data-c') ?? null, text: document.activeElement?.textContent ?? '' }));

/** Each rendered body row's tick and its selected state, side by side. */
async function ticksAndRows(): Promise<{ ticked: boolean; selected: boolean }[]> {
  return recon
    .grid()
    .locator('[role="rowgroup"].grid-body > [role="row"]')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        ticked: row.querySelector<HTMLInputElement>('input[type="checkbox"]')?.checked ?? false,
        selected: row.getAttribute('aria-selected') === 'true',
      })),
    );
}

async function box(locator: Locator): Promise<{ left: number; right: number; top: number; bottom: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not on screen');
  return { left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height };
}

describe('the grid', () => {
  test('a column sorts when its heading is clicked anywhere, not only on the label', async () => {
    const header = recon.columnHeader('Tasks');
    const b = await header.boundingBox();
    if (!b) throw new Error('no header');
    // Near the heading's left edge: empty space for a right-aligned label.
    await app.page.mouse.click(b.x + 4, b.y + b.height / 2);
    await eventually(async () => expect(await header.getAttribute('aria-sort')).toBe('descending'));
    await app.page.mouse.click(b.x + 4, b.y + b.height - 3);
    await eventually(async () => expect(await header.getAttribute('aria-sort')).toBe('ascending'));
    await app.page.mouse.click(b.x + 4, b.y + b.height / 2);
    await eventually(async () => expect(await header.getAttribute('aria-sort')).toBe('none'));
  });

  test('a row looks selected only when it is: ticks match rows, and the row under the mouse is not "selected"', async () => {
    const { page } = app;
    await recon.rowCheckbox(1).click();
    await recon.rowCheckbox(3).click({ modifiers: ['Shift'] });
    await eventually(async () => expect(await page.getByTestId('grid-selected-count').innerText()).toBe('3 selected'));
    const rows = await ticksAndRows();
    expect(rows.filter((r) => r.selected)).toHaveLength(3);
    for (const row of rows) expect(row.ticked).toBe(row.selected);
    // A dialog opened by a double click and closed again leaves ticks and rows agreeing.
    await recon.grid().locator('[role="gridcell"][data-r="5"][data-c="2"]').dblclick();
    await page.getByTestId('drill-down').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('drill-down').waitFor({ state: 'detached' });
    await evidence(page, 'grid-ticks-after-dialog');
    for (const row of await ticksAndRows()) expect(row.ticked).toBe(row.selected);
    // The mouse is still over the row it double-clicked (not selected): its highlight is grey, while a
    // selected row is blue and marked with a bar — hover never passes for selection.
    const look = (index: string) =>
      recon
        .grid()
        .locator(`[role="row"][aria-rowindex="${index}"]`)
        .evaluate((row) => ({ background: getComputedStyle(row).backgroundColor, bar: getComputedStyle(row).boxShadow }));
    const hovered = await look('6');
    const selected = await look('3');
    const channels = (css: string) => (css.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    const [r = 0, g = 0, b = 0] = channels(hovered.background);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThanOrEqual(8);
    expect(hovered.bar).toBe('none');
    expect(selected.bar).toContain('inset');
    expect(selected.background).not.toBe(hovered.background);
    expect(await focused()).toMatchObject({ r: '5', c: '2' });
  });

  test('a new filter lets the old selection go: no "3 selected" with nothing ticked', async () => {
    const { page } = app;
    expect(await page.getByTestId('grid-selected-count').innerText()).toBe('3 selected');
    await recon.filterClass('PROVIDER_LOWER');
    await eventually(async () => expect(await page.getByTestId('grid-selected-count').innerText()).toBe('0 selected'));
    expect(await page.getByTestId('bulk-review-form').count()).toBe(0);
    expect((await ticksAndRows()).some((r) => r.ticked || r.selected)).toBe(false);
    await evidence(page, 'grid-selection-after-filter');
    // Back to the first filter: the old selection stays gone.
    await recon.filterClass('');
    await eventually(async () => expect(await recon.rowCount()).toBeGreaterThan(100));
    expect(await page.getByTestId('grid-selected-count').innerText()).toBe('0 selected');
    expect((await ticksAndRows()).some((r) => r.ticked || r.selected)).toBe(false);
  });

  test('after a bulk Apply, focus is back on the row the user was on, not at the top of the page', async () => {
    const { page } = app;
    await recon.grid().locator('[role="gridcell"][data-r="2"][data-c="1"]').click();
    // Quick keys: the second Space comes before React has drawn the first, and must build on it.
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await eventually(async () => expect(await page.getByTestId('grid-selected-count').innerText()).toBe('2 selected'));
    const form = page.getByTestId('bulk-review-form');
    await form.getByLabel('Reason').selectOption('timing');
    // A settled state needs a note; the author is the account running the app, never typed.
    await form.getByLabel('Note').fill('Invoiced in the next cut-off');
    await form.getByLabel('Note').press('Enter');
    await form.waitFor({ state: 'detached' });
    await eventually(async () => expect(await focused()).toMatchObject({ r: '3', c: '1' }));
    // The next Tab stays in the grid's neighbourhood: it is not 20 Tabs from the top.
    await evidence(page, 'grid-focus-after-bulk-apply');
  });

  test('closing the export dialog gives focus back to the Export button', async () => {
    const { page } = app;
    await page.getByTestId('export').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    await page.getByTestId('export-done').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('export');
  });
});

/** The drill-down of the grid's second row, opened from the keyboard, once its figures by period are in. */
async function openDrillDown(): Promise<{ dialog: Locator; table: Locator }> {
  const { page } = app;
  await recon.grid().locator('[role="gridcell"][data-r="1"][data-c="2"]').click();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('drill-down');
  await dialog.waitFor();
  const table = dialog.getByTestId('drill-periods');
  await eventually(async () => expect(await table.locator('tbody tr').count()).toBeGreaterThan(6));
  return { dialog, table };
}

describe('the drill-down', () => {
  test('shows the difference by period as bars against the tolerance band, and a readable table of figures', async () => {
    const { page } = app;
    const { dialog, table } = await openDrillDown();
    const periods = await table.locator('tbody tr').count();
    const bars = dialog.getByTestId('chart-bar');
    expect(await bars.count()).toBe(periods);
    expect(await dialog.getByTestId('chart-band').count()).toBe(periods);
    // Readable: several rows tall, not squeezed to a sliver, and each period's button reachable.
    expect((await box(table)).bottom - (await box(table)).top).toBeGreaterThan(200);
    await table.locator('tbody tr').nth(2).getByRole('button').click();
    await eventually(async () => expect(await dialog.getByRole('heading', { level: 3, name: /Review of Mar 2025/ }).count()).toBe(1));
    await dialog.screenshot({ path: await evidence(page, 'drill-down') });
    await screenshot(page, 'drill-down');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});

describe('the panels under the grid', () => {
  test('findings fit their card, name providers, and show rates with a % sign', async () => {
    const { page } = app;
    const panel = page.getByTestId('findings-panel');
    await panel.scrollIntoViewIfNeeded();
    const card = await box(panel);
    const table = panel.getByTestId('findings-table');
    const review = table.getByRole('columnheader', { name: 'Review' });
    expect((await box(review)).right).toBeLessThanOrEqual(card.right);
    const truth = portalTruth(app.harness, { connection: 'demo-portal', from: DEMO_FROM, to: DEMO_TO, period: 'month' });
    const names = new Set(truth.rows.map((r) => r.providerName));
    const rate = table.locator('tbody tr', { hasText: 'Approval rate inconsistent' }).first();
    await eventually(async () => expect(names.has((await rate.locator('td').nth(1).innerText()).trim())).toBe(true));
    expect(await rate.locator('td').nth(3).innerText()).toMatch(/%$/);
    expect(await rate.locator('td').nth(4).innerText()).toMatch(/%$/);
    // Several findings show at once, not two.
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(5);
    expect((await box(table.locator('tbody tr').nth(5))).bottom).toBeLessThanOrEqual(card.bottom);
    await panel.screenshot({ path: await evidence(page, 'findings') });
  });

  test('open items and restatements name providers, periods and figures in words', async () => {
    const { page } = app;
    const truth = portalTruth(app.harness, { connection: 'demo-portal', from: '2025-03-01', to: '2025-03-31', period: 'month' });
    const row = truth.rows[0];
    if (!row) throw new Error('no March row');
    const sandbox = await app.harness.handlers.demoSandbox();
    const tenant = (await app.harness.handlers.handlers['connections:list']({})).find((c) => c.name === 'demo-portal')?.tenant ?? '';
    if (!sandbox) throw new Error('no sandbox');
    restatePortalFigures(sandbox.dataset, { tenant, providerId: row.providerId, date: '2025-03-12', set: { providerMinor: 31_000_000 } });
    later += 10 * 60_000;
    const shell = new Shell(page);
    await shell.go('sync');
    await page.getByLabel('Download again even if fresh').check();
    const sync = new SyncPage(page);
    await sync.start();
    expect(await sync.waitForOutcome(120_000)).toContain('Sync complete');
    await shell.go('reconcile');
    await recon.waitForRows();

    const restated = page.getByTestId('restatements-table').locator('tbody tr', { hasText: 'Provider-reported' }).first();
    await eventually(async () => expect(await restated.locator('td').first().innerText()).toBe(`${row.providerName} · Mar 2025`));
    expect(await restated.locator('td').nth(2).innerText()).toMatch(/^COP\s[\d,]+\.\d{2}$/);

    const open = page.getByTestId('open-items-grid');
    const first = open.locator('[role="gridcell"][data-r="1"][data-c="0"]');
    await eventually(async () => expect(await first.innerText()).toMatch(/\n(Provider higher|Provider lower)/));
    expect(await first.innerText()).not.toMatch(/[PBF]\||PROVIDER_/);
    await page.getByTestId('restatements-panel').screenshot({ path: await evidence(page, 'restatements') });
    await page.getByTestId('open-items-panel').screenshot({ path: await evidence(page, 'open-items') });
  });
});

describe('money', () => {
  test('names its currency where a symbol would be ambiguous: COP, not "$"', async () => {
    const invoiced = await recon.summary('total-invoiced').innerText();
    expect(invoiced).toMatch(/^COP\s/);
    expect(invoiced).not.toContain('$');
  });
});

/** Cells of the drill-down's figures drawn wider than their box, and how far the table sticks out of its frame. */
async function drillOverflow(dialog: Locator): Promise<{ cut: string[]; tableOverflow: number; badgesOutside: string[] }> {
  return dialog.evaluate((root) => {
    const wrap = root.querySelector<HTMLElement>('[data-testid="drill-periods"]');
    if (!wrap) throw new Error('no figures table');
    const frame = wrap.getBoundingClientRect();
    const cut = [...wrap.querySelectorAll<HTMLElement>('th, td, .badge')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      .map((el) => `${el.tagName.toLowerCase()}: ${el.innerText.trim()} (${el.scrollWidth} in ${el.clientWidth})`);
    const badgesOutside = [...wrap.querySelectorAll<HTMLElement>('.badge')]
      .filter((el) => el.getBoundingClientRect().right > frame.right - 1)
      .map((el) => el.innerText.trim());
    return { cut, tableOverflow: wrap.scrollWidth - wrap.clientWidth, badgesOutside };
  });
}

describe('the drill-down in Spanish', () => {
  beforeAll(async () => {
    // Reviews in the states whose Spanish words are longest, on the provider the drill-down opens.
    const { page } = app;
    const { dialog } = await openDrillDown();
    const title = await dialog.getByRole('heading', { level: 2 }).innerText();
    await page.keyboard.press('Escape');
    const providerId = /#(\d+)/.exec(title)?.[1];
    const rows = portalTruth(app.harness, { connection: 'demo-portal', from: DEMO_FROM, to: DEMO_TO, period: 'month' }).rows.filter((r) => r.providerId === providerId);
    expect(rows.length).toBeGreaterThan(6);
    const review = app.harness.handlers.handlers['review:set'];
    await review({ connection: 'demo-portal', itemKeys: rows.slice(0, 2).map((r) => r.key), state: 'carried_forward', reason: 'timing', note: 'Next month' });
    await review({ connection: 'demo-portal', itemKeys: rows.slice(2, 4).map((r) => r.key), state: 'explained', reason: 'pricing', note: 'Agreed price' });
    await review({ connection: 'demo-portal', itemKeys: rows.slice(4, 5).map((r) => r.key), state: 'resolved', reason: 'duplicate', note: 'Credit note' });
  });

  test.each([1440, 1024])('shows every figure, class and review whole at %i px wide', async (width) => {
    const { page } = app;
    await page.setViewportSize({ width, height: 900 });
    await page.getByTestId('language-select').selectOption('es');
    try {
      const { dialog, table } = await openDrillDown();
      for (const state of ['Trasladada', 'Explicada', 'Resuelta', 'Abierta']) await eventually(async () => expect(await table.innerText()).toContain(state));
      await table.screenshot({ path: await evidence(page, `drill-down-es-${width}`) });
      await dialog.screenshot({ path: await evidence(page, `drill-down-es-${width}-dialog`) });
      const found = await drillOverflow(dialog);
      expect(found.cut).toEqual([]);
      expect(found.badgesOutside).toEqual([]);
      expect(found.tableOverflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    } finally {
      if (await page.getByTestId('drill-down').count()) await page.keyboard.press('Escape');
      await page.getByTestId('language-select').selectOption('en');
      await page.setViewportSize({ width: 1440, height: 960 });
    }
  });
});

describe('a what-if tolerance', () => {
  test.each([
    { language: 'en', theme: 'light' },
    { language: 'es', theme: 'dark' },
  ] as const)('is a notice in the warning tone, not an error ($language, $theme)', async ({ language, theme }) => {
    const { page } = app;
    await page.getByTestId('language-select').selectOption(language);
    await page.getByTestId('theme-select').selectOption(theme);
    try {
      await page.getByTestId('tolerance-pct').fill(language === 'es' ? '4' : '4');
      await page.getByTestId('tolerance-apply').click();
      const note = page.getByTestId('what-if');
      await note.waitFor();
      await note.screenshot({ path: await evidence(page, `what-if-${language}-${theme}`) });
      // The design system's warning tone, read from a warning badge of the same page and theme.
      const tones = await note.evaluate((box) => {
        const paint = (className: string) => {
          const probe = document.createElement('span');
          probe.className = className;
          document.body.append(probe);
          const style = getComputedStyle(probe);
          const seen = { border: style.borderTopColor, background: style.backgroundColor, color: style.color };
          probe.remove();
          return seen;
        };
        const badge = box.querySelector('[data-testid="what-if-badge"]');
        if (!badge) throw new Error('no what-if badge');
        return {
          box: { border: getComputedStyle(box).borderTopColor, background: getComputedStyle(box).backgroundColor },
          badge: getComputedStyle(badge).color,
          warn: paint('badge badge-warn'),
          bad: paint('badge badge-bad'),
        };
      });
      expect(tones.box).toEqual({ border: tones.warn.border, background: tones.warn.background });
      expect(tones.badge).toBe(tones.warn.color);
      expect([tones.box.border, tones.box.background, tones.badge]).not.toContain(tones.bad.border);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByTestId('what-if-discard').click();
      await note.waitFor({ state: 'detached' });
    } finally {
      await page.getByTestId('language-select').selectOption('en');
      await page.getByTestId('theme-select').selectOption('light');
    }
  });
});
