/**
 * The month-end overview of the demo workspace in a real Chromium, in English and in Spanish:
 * two connections, one month reviewed, one prepared, one whose sign-off a restatement voided,
 * one with items open, months not synced; axe-core finds nothing and no internal code shows, in
 * either language; a month opens on the reconciliation screen.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { realSleep } from '../../electron/core/deps.ts';
import { reconcile } from '../../electron/core/reconcile/index.ts';
import { reviewItemsOf } from '../../electron/core/signoff/attest.ts';
import { setReview } from '../../electron/core/review/index.ts';
import { MemorySecretStore } from '../../electron/core/secrets.ts';
import { revalidateSignoffs, signOff } from '../../electron/core/signoff/index.ts';
import { syncConnection } from '../../electron/core/sync/index.ts';
import { testIdentity } from '../support/identity.ts';
import { withStore } from '../support/review-store.ts';
import { screenshot, startApp, type App } from './support/app.ts';
import { axeViolations, internalCodes } from './support/checks.ts';
import { Shell } from './pages/shell.ts';
import { WelcomePage } from './pages/welcome-page.ts';

let app: App;
let shell: Shell;
const secrets = new MemorySecretStore();

function monthOf(month: string): { connection: string; from: string; to: string; period: 'month' } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y ?? 2025, m ?? 1, 0)).getUTCDate();
  return { connection: 'demo-portal', from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}`, period: 'month' };
}

/** The preparer explains every item of the month, as the accountant would on the Review screen. */
function explainEverything(month: string): void {
  const deps = { db: app.harness.db, reviews: app.harness.reviews };
  const keys = reviewItemsOf(reconcile(deps, { ...monthOf(month), now: Date.now() })).map((i) => i.key);
  if (keys.length > 0) setReview(deps, { connection: 'demo-portal', itemKeys: keys, state: 'explained', reason: 'timing', note: 'Invoiced in the next month' });
}

beforeAll(async () => {
  // The app's own account prepares; another account of the team reviews.
  app = await startApp({ harness: { secrets, identity: testIdentity('Ana Pérez') } });
  shell = new Shell(app.page);
  await new WelcomePage(app.page).openDemo();
  const deps = { db: app.harness.db, fetch: globalThis.fetch, clock: Date.now, sleep: realSleep, secrets, reviews: app.harness.reviews };
  await syncConnection(deps, { connection: 'demo-portal', from: '2025-01-01', to: '2025-04-30', period: 'month' });
  await syncConnection(deps, { connection: 'demo-payg', from: '2024-12-30', to: '2025-02-02', period: 'week' });
  const signing = { db: app.harness.db, reviews: app.harness.reviews, clock: Date.now };
  for (const month of ['2025-01', '2025-02', '2025-03']) {
    explainEverything(month);
    await signOff(signing, { ...monthOf(month), role: 'preparer' });
  }
  await signOff(withStore(app.harness.db, Date.now, testIdentity('Luis Gómez')), { ...monthOf('2025-01'), role: 'reviewer' });
  // March is restated upstream after it was signed (what a sync records).
  const acme = app.harness.db.prepare<[], { id: number }>("SELECT id FROM connection WHERE name = 'demo-portal'").get()?.id ?? 0;
  const row = app.harness.db.prepare<[number], { provider_id: string }>("SELECT provider_id FROM portal_row WHERE connection_id = ? AND period_start = '2025-03-01' LIMIT 1").get(acme);
  app.harness.db.prepare("UPDATE portal_row SET provider_minor = provider_minor + 10000 WHERE connection_id = ? AND period_start = '2025-03-01' AND provider_id = ?").run(acme, row?.provider_id);
  app.harness.db
    .prepare("INSERT INTO restatement (connection_id, entity, entity_key, period_start, field, old_value, new_value, detected_at) VALUES (?, 'portal_row', ?, '2025-03-01', 'provider_minor', '0', '1', ?)")
    .run(acme, `P|${row?.provider_id ?? ''}|2025-03-01`, new Date().toISOString());
  // …and the step a sync runs after storing it: the sign-off over the old figures is voided.
  expect(revalidateSignoffs(signing, 'demo-portal')).toHaveLength(1);
});

afterAll(async () => {
  await app?.close();
});

async function cellText(connection: string, month: string): Promise<string> {
  return (await app.page.getByTestId(`close-cell-${connection}-${month}`).innerText()).replace(/\s+/g, ' ').trim();
}

describe('the month-end overview', () => {
  test('shows every connection and month of the demo in words, in English', async () => {
    const { page } = app;
    await shell.page.getByTestId('nav-close').click();
    await page.getByRole('heading', { name: 'Month-end close' }).waitFor();
    await page.getByTestId('close-table').waitFor();
    expect(await page.getByRole('columnheader').allInnerTexts()).toEqual(['Connection', 'Jan 2025', 'Feb 2025', 'Mar 2025', 'Apr 2025', 'May 2025', 'Jun 2025', 'Jul 2025', 'Aug 2025', 'Sep 2025', 'Oct 2025', 'Nov 2025', 'Dec 2025']);
    expect(await cellText('demo-portal', '2025-01')).toBe('Reviewed prepared by Ana Pérez · reviewed by Luis Gómez');
    expect(await cellText('demo-portal', '2025-02')).toBe('Prepared prepared by Ana Pérez');
    expect(await cellText('demo-portal', '2025-03')).toBe('Sign-off voided');
    expect(await cellText('demo-portal', '2025-04')).toMatch(/^\d+ open items?$/);
    expect(await cellText('demo-portal', '2025-05')).toBe('Not synced');
    expect(await cellText('demo-payg', '2025-01')).toMatch(/^(\d+ open items?|Ready to sign)$/);
    expect(await cellText('demo-payg', '2025-02')).toBe('Incomplete sync');
    expect(await cellText('demo-payg', '2025-06')).toBe('Not synced');
    // The voided month says why when hovered; no internal state name reaches the screen.
    expect(await page.getByTestId('close-cell-demo-portal-2025-03').getAttribute('title')).toContain('figures changed after the preparer sign-off by Ana Pérez');
    const text = await page.getByRole('main').innerText();
    // No state code, no untranslated key.
    expect(text).not.toMatch(/not_synced|\bclose\.\w+|\bopen_|\bkind\./);
    expect(app.problems).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(await internalCodes(page)).toEqual([]);
    await screenshot(page, 'close-overview');
  });

  test('the same in Spanish', async () => {
    const { page } = app;
    await page.getByTestId('language-select').selectOption('es');
    await page.getByRole('heading', { name: 'Cierre de mes' }).waitFor();
    expect((await page.getByRole('columnheader').allInnerTexts()).slice(0, 3)).toEqual(['Conexión', 'ene 2025', 'feb 2025']);
    expect(await cellText('demo-portal', '2025-01')).toBe('Revisado preparado por Ana Pérez · revisado por Luis Gómez');
    expect(await cellText('demo-portal', '2025-02')).toBe('Preparado preparado por Ana Pérez');
    expect(await cellText('demo-portal', '2025-03')).toBe('Aprobación anulada');
    expect(await cellText('demo-portal', '2025-04')).toMatch(/^\d+ partidas? abiertas?$/);
    expect(await cellText('demo-portal', '2025-05')).toBe('Sin sincronizar');
    expect(await cellText('demo-payg', '2025-02')).toBe('Sincronización incompleta');
    expect(await axeViolations(page)).toEqual([]);
    expect(await internalCodes(page)).toEqual([]);
    await screenshot(page, 'close-overview-es');
    await page.getByTestId('language-select').selectOption('en');
  });

  test('a month opens on the reconciliation of that connection and month, from the keyboard', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Month-end close' }).waitFor();
    await page.getByTestId('close-cell-demo-portal-2025-04').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Reconciliation/ }).first().waitFor();
    expect(await page.getByTestId('connection-select').inputValue()).toBe('demo-portal');
    // The range fields show dates as the reader writes them (English: month/day/year).
    expect(await page.getByTestId('range-from').inputValue()).toBe('04/01/2025');
    expect(await page.getByTestId('range-to').inputValue()).toBe('04/30/2025');
  });
});
