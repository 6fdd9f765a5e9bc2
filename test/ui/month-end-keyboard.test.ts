/**
 * The demo's whole month-end from the keyboard, in English and in Spanish: a what-if tolerance is
 * marked unsaved and never reaches sign-off; the saved one is audited and recorded by the sign-off;
 * the preparer is refused while items are open, is taken to them, reviews them all (one carried
 * forward); the window is closed and opened again over the same cache as another account (the
 * app's identity is the operating-system account: switching account is starting it as another),
 * who signs as reviewer; then the upstream restates the carried item, a sync voids both sign-offs
 * and reopens the item, whose drill-down shows old → new and its whole review history. Every
 * screen passes axe-core and shows no internal key or code. No mouse click drives a step: controls
 * are focused and keys pressed (selects are chosen as a keyboard would, by value).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { formatDecimal } from '../../electron/core/language/index.ts';
import { restatePortalFigures } from '../../electron/core/sandbox/index.ts';
import { testIdentity } from '../support/identity.ts';
import { evidence, startApp, type App } from './support/app.ts';
import { axeViolations, internalCodes } from './support/checks.ts';
import { eventually } from './support/expect.ts';
import { portalTruth } from './support/truth.ts';

const NOW = '2026-12-15T10:00:00.000Z';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await target.focus();
  await page.keyboard.press(key);
}

async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await target.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

/** A review form filled as a keyboard would: each field focused, selects chosen by value, the note typed, Enter. */
async function review(page: Page, form: Locator, prefix: string, state: string, reason: string, note: string): Promise<void> {
  await form.locator(`#${prefix}-state`).focus();
  await form.locator(`#${prefix}-state`).selectOption(state);
  await form.locator(`#${prefix}-reason`).focus();
  await form.locator(`#${prefix}-reason`).selectOption(reason);
  await typeInto(page, form.locator(`#${prefix}-note`), note);
  await page.keyboard.press('Enter');
  await form.waitFor({ state: 'detached' });
}

/** The rows the reconciliation grid says it holds (a count in the window's digits; no amount). */
async function gridRows(page: Page): Promise<number> {
  return Number.parseInt((await page.getByTestId('portal-grid').getByTestId('grid-row-count').innerText()).replace(/\D/g, ''), 10);
}

const WORDS = {
  en: { voidReason: /^on [^.]+\. The figures changed after the (preparer|reviewer) sign-off by [^:]+: .+\.$/, voided: 'Voided', reopened: 'Reopened: figures changed', reopenedBadge: 'Reopened', whatIf: 'What-if, not saved', tolerance: '0.6 %', account: (name: string) => `Test account ${name}` },
  es: { voidReason: /^el [^.]+\. Las cifras cambiaron después de la aprobación de (preparador|revisor) de [^:]+: .+\.$/, voided: 'Anulado', reopened: 'Reabierta: cambiaron las cifras', reopenedBadge: 'Reabierta', whatIf: 'Simulación, sin guardar', tolerance: '0,6 %', account: (name: string) => `Cuenta de prueba ${name}` },
} as const;

describe.each(['en', 'es'] as const)('the demo month-end from the keyboard, in %s', (language) => {
  test('what-if and saved tolerance, refusal, review, carry forward, two accounts, restatement', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concilia-month-end-'));
    dirs.push(dir);
    const dbPath = join(dir, 'concilia.sqlite');
    let later = 0;
    const clock = () => Date.now() + later;
    const seen: Record<string, { axe: string[]; codes: string[] }> = {};
    let app: App | undefined;
    const look = async (name: string) => {
      if (!app) return;
      await app.page.waitForTimeout(300);
      await evidence(app.page, `month-end-keyboard-${language}-${name}`, { fullPage: true });
      seen[name] = { axe: await axeViolations(app.page), codes: await internalCodes(app.page) };
    };
    const words = WORDS[language];

    try {
      // ---- Ana, the preparer -------------------------------------------------------------------
      app = await startApp({ now: NOW, harness: { dbPath, clock, identity: testIdentity('Ana Pérez') } });
      let { page } = app;
      const nav = (screen: string) => press(page, page.getByTestId(`nav-${screen}`));
      await page.getByTestId('language-select').selectOption(language);
      await press(page, page.getByTestId('open-demo'));
      await page.getByTestId('range-apply').waitFor();
      await press(page, page.getByTestId('range-apply'));
      await page.getByTestId('sync-outcome').waitFor({ timeout: 180_000 });
      await look('synced');

      const range = (await app.harness.handlers.handlers['settings:get']({})).ranges.find((r) => r.connection === 'demo-portal');
      expect(range).toBeTruthy();
      if (!range) return;
      const readiness = () => app!.harness.handlers.handlers['review:readiness']({ connection: 'demo-portal', from: range.from, to: range.to, period: range.period });
      const before = await readiness();
      const openBefore = before.open.discrepancies + before.open.findings + before.open.exceptions;
      expect(before.open.discrepancies).toBeGreaterThan(1);

      // A what-if tolerance: marked unsaved; sign-off still counts under the saved one.
      await nav('reconcile');
      await page.getByTestId('portal-grid').getByRole('gridcell').first().waitFor({ timeout: 60_000 });
      await typeInto(page, page.getByTestId('tolerance-pct'), language === 'es' ? '5' : '5');
      await page.keyboard.press('Enter');
      await page.getByTestId('what-if-badge').waitFor();
      expect(await page.getByTestId('what-if-badge').innerText()).toBe(words.whatIf);
      await look('what-if');
      await nav('review');
      await page.getByTestId('preparer-open').waitFor();
      expect(await page.getByTestId('preparer-open').innerText()).toContain(new Intl.NumberFormat(language).format(openBefore));
      expect((await readiness()).attested.tolerance?.pct).toBe(before.attested.tolerance?.pct);

      // Another what-if, saved: the tolerance is the connection's now, in the log as a sentence.
      await nav('reconcile');
      await page.getByTestId('what-if-save').waitFor();
      await typeInto(page, page.getByTestId('tolerance-pct'), language === 'es' ? '0,6' : '0.6');
      await page.keyboard.press('Enter');
      await eventually(async () => expect(await page.getByTestId('what-if').innerText()).toContain(language === 'es' ? '0,6' : '0.6'));
      await press(page, page.getByTestId('what-if-save'));
      await page.getByTestId('what-if').waitFor({ state: 'detached' });
      const afterSave = await readiness();
      expect(afterSave.attested.tolerance?.pct).toBe('0.6');
      const open = afterSave.open.discrepancies + afterSave.open.findings + afterSave.open.exceptions;
      expect(afterSave.open.discrepancies).toBeGreaterThan(1);
      expect(open).toBeLessThanOrEqual(openBefore);

      // The refusal names how many are open and takes the preparer to them.
      await nav('review');
      await page.getByTestId('preparer-sign').waitFor();
      await press(page, page.getByTestId('preparer-sign'));
      await page.getByTestId('preparer-refusal').waitFor();
      expect(await page.getByTestId('preparer-refusal').innerText()).toContain(new Intl.NumberFormat(language).format(afterSave.open.discrepancies));
      await eventually(async () => expect(await page.getByTestId('audit-table').innerText()).toMatch(language === 'es' ? /[Tt]olerancia/ : /[Tt]olerance/));
      await look('refused');

      // Who signs: the account in words (its exact id kept for auditors), and a display name whose change is audited.
      expect(await page.getByTestId('identity-account').innerText()).toBe(words.account('Ana Pérez'));
      expect(await page.getByTestId('identity-account').getAttribute('title')).toBe('test:Ana Pérez');
      expect(await page.getByTestId('identity-account-id').innerText()).toBe('test:Ana Pérez');
      expect(await page.getByTestId('identity-fingerprint').innerText()).not.toBe('');
      await typeInto(page, page.getByTestId('identity-rename'), 'Ana Pérez Ruiz');
      await page.keyboard.press('Enter');
      await eventually(async () => expect(await page.getByTestId('identity-name').innerText()).toBe('Ana Pérez Ruiz'));
      await eventually(async () => expect(await page.getByTestId('audit-table').innerText()).toContain('Ana Pérez Ruiz'));

      await press(page, page.getByTestId('show-open-items'));
      const grid = page.getByTestId('portal-grid').getByRole('grid');
      await grid.getByRole('gridcell').first().waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('filter-review').inputValue()).toBe('open');
      await eventually(async () => expect(await gridRows(page)).toBe(afterSave.open.discrepancies));
      await look('open-items');

      // One carried forward, from the keyboard: the first row selected with Space.
      await press(page, grid.locator('[role="gridcell"][data-r="1"][data-c="1"]'), 'Space');
      const bulk = page.getByTestId('bulk-review-form');
      await bulk.waitFor();
      await review(page, bulk, 'bulk', 'carried_forward', 'timing', language === 'es' ? 'Se revisa el mes que viene' : 'Looked at next month');
      await eventually(async () => expect((await readiness()).open.discrepancies).toBe(afterSave.open.discrepancies - 1));

      // Every other one explained in bulk: Ctrl+A in the grid.
      await eventually(async () => expect(await gridRows(page)).toBe(afterSave.open.discrepancies - 1));
      await press(page, grid.locator('[role="gridcell"][data-r="1"][data-c="1"]'), 'ControlOrMeta+a');
      await bulk.waitFor();
      await review(page, bulk, 'bulk', 'explained', 'timing', language === 'es' ? 'Facturado en el corte siguiente' : 'Invoiced in the next cut-off');
      await eventually(async () => expect((await readiness()).open.discrepancies).toBe(0));
      // The findings, reviewed together from their panel.
      if (afterSave.open.findings > 0) {
        const findings = page.getByTestId('findings-review-form');
        // The form sits above the findings table, not inside its scroll region.
        expect(await findings.evaluate((form) => form.closest('.table-wrap') === null)).toBe(true);
        await review(page, findings, 'findings', 'explained', 'other', language === 'es' ? 'Consultado con el proveedor' : 'Checked with the provider');
      }
      expect((await readiness()).open).toEqual({ discrepancies: 0, findings: 0, exceptions: 0 });
      await look('reviewed');

      await nav('review');
      await page.getByTestId('preparer-sign').waitFor();
      await press(page, page.getByTestId('preparer-sign'));
      await page.getByTestId('preparer-signed').waitFor();
      expect(await page.getByTestId('preparer-signed').innerText()).toContain('Ana Pérez Ruiz');
      // The sign-off records its counts and the saved tolerance.
      const recorded = await page.getByTestId('preparer-recorded').innerText();
      expect(recorded).toContain(words.tolerance);
      expect(recorded).toContain(new Intl.NumberFormat(language).format(1));
      await look('preparer-signed');

      // The same account may not review its own sign-off.
      await press(page, page.getByTestId('reviewer-sign'));
      await page.getByTestId('reviewer-refusal').waitFor();
      expect(await page.getByTestId('reviewer-refusal').innerText()).toContain('Ana Pérez Ruiz');
      await look('reviewer-refused');

      // ---- Switch account: the window closes, and opens again over the same cache as Luis -------
      await app.close();
      app = undefined;
      app = await startApp({ now: NOW, harness: { dbPath, clock, identity: testIdentity('Luis Gómez') } });
      page = app.page;
      const nav2 = (screen: string) => press(page, page.getByTestId(`nav-${screen}`));
      await page.getByTestId('connection-select').focus();
      await page.getByTestId('connection-select').selectOption('demo-portal');
      await nav2('review');
      await page.getByTestId('identity-account').waitFor();
      expect(await page.getByTestId('identity-account').innerText()).toBe(words.account('Luis Gómez'));
      expect(await page.getByTestId('identity-account-id').innerText()).toBe('test:Luis Gómez');
      await page.getByTestId('reviewer-sign').waitFor();
      await eventually(async () => expect(await page.getByTestId('reviewer-sign').isEnabled()).toBe(true));
      await press(page, page.getByTestId('reviewer-sign'));
      await page.getByTestId('reviewer-signed').waitFor();
      expect(await page.getByTestId('reviewer-signed').innerText()).toContain('Luis Gómez');
      await look('reviewer-signed');

      // ---- The upstream restates the carried item; a sync voids both and reopens it --------------
      const truth = portalTruth(app.harness, range);
      const carried = truth.rows.find((r) => r.review?.state === 'carried_forward');
      expect(carried).toBeTruthy();
      if (!carried) return;
      await nav2('welcome');
      await press(page, page.getByTestId('open-demo'));
      await page.getByTestId('range-apply').waitFor();
      const sandbox = await app.harness.handlers.demoSandbox();
      const tenant = (await app.harness.handlers.handlers['connections:list']({})).find((c) => c.name === 'demo-portal')?.tenant ?? '';
      expect(sandbox).toBeTruthy();
      if (!sandbox) return;
      restatePortalFigures(sandbox.dataset, { tenant, providerId: carried.providerId, date: `${carried.periodStart.slice(0, 8)}10`, set: { providerMinor: 123_456_789 } });
      later += 10 * 60_000;
      const force = page.locator('input[type="checkbox"]').first();
      await press(page, force, 'Space');
      await press(page, page.getByTestId('range-apply'));
      await page.getByTestId('sync-outcome').waitFor({ timeout: 180_000 });

      await nav2('review');
      await eventually(async () => expect((await page.getByTestId('signoffs-table').innerText()).split(words.voided).length - 1).toBe(2));
      const signoffs = await app.harness.handlers.handlers['review:signoffs']({ connection: 'demo-portal' });
      expect(signoffs.filter((s) => s.status === 'voided').map((s) => s.role).sort()).toEqual(['preparer', 'reviewer']);
      // Each voided sign-off says when, then why, as two sentences (each ends with a full stop).
      const reasons = await page.getByTestId('signoff-void-reason').allInnerTexts();
      expect(reasons).toHaveLength(2);
      for (const reason of reasons) expect(reason).toMatch(words.voidReason);
      await look('voided');

      // The item is open again: its drill-down says what changed and keeps its whole history.
      await nav2('reconcile');
      const grid2 = page.getByTestId('portal-grid').getByRole('grid');
      await grid2.getByRole('gridcell').first().waitFor({ timeout: 60_000 });
      await typeInto(page, page.getByTestId('filter-provider'), carried.providerId);
      await page.getByTestId('filter-review').focus();
      await page.getByTestId('filter-review').selectOption('open');
      await eventually(async () => expect(await gridRows(page)).toBeGreaterThan(0));
      // The grid tells a reopened item from one never reviewed.
      await eventually(async () => expect(await grid2.innerText()).toContain(words.reopenedBadge));
      await press(page, grid2.locator('[role="gridcell"][data-r="1"][data-c="1"]'));
      const drill = page.getByTestId('drill-down');
      await drill.waitFor();
      const periods = portalTruth(app.harness, range).rows.filter((r) => r.providerId === carried.providerId).map((r) => r.periodStart).sort();
      await press(page, drill.getByTestId('drill-periods').locator('tbody tr').nth(periods.indexOf(carried.periodStart)).getByRole('button'));
      await drill.getByTestId('drill-reopened').waitFor();
      const reopened = await drill.getByTestId('drill-reopened').innerText();
      expect(reopened).toContain(words.reopened);
      // Old → new: the figures of the item before and after the restatement, as the window writes them.
      const restated = portalTruth(app.harness, range).rows.find((r) => r.key === carried.key);
      // Exact decimal text, grouped as the window groups it (never through a binary float).
      expect(restated?.providerReported).toBeTruthy();
      expect(restated?.providerReported).not.toBe(carried.providerReported);
      expect(reopened).toContain(formatDecimal(carried.providerReported, language));
      expect(reopened).toContain(formatDecimal(restated?.providerReported ?? '', language));
      // Said in place of "currently open by …": nobody reopened it by hand.
      expect(await drill.getByTestId('drill-current-review').count()).toBe(0);
      await eventually(async () => expect(await drill.getByTestId('drill-history').locator('li').count()).toBeGreaterThanOrEqual(2));
      await drill.getByTestId('drill-reopened').scrollIntoViewIfNeeded();
      await look('reopened');
      await drill.getByTestId('drill-history').scrollIntoViewIfNeeded();
      await evidence(page, `month-end-keyboard-${language}-reopened-history`);
      await page.keyboard.press('Escape');
      await drill.waitFor({ state: 'detached' });

      for (const [screen, result] of Object.entries(seen)) {
        expect(result.axe, `${screen}: axe-core`).toEqual([]);
        expect(result.codes, `${screen}: internal keys or codes on screen`).toEqual([]);
      }
      expect(Object.keys(seen).length).toBe(10);
      expect(app.problems).toEqual([]);
    } finally {
      await app?.close();
    }
  }, 900_000);
});
