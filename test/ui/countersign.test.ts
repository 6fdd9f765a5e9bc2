/**
 * Countersigning with nothing but files, in the window: the reviewer (another account, an empty
 * workspace) opens the preparer's signed workbook with File → Review a workbook…, sees it verified
 * and what the preparer signed, and countersigns; the preparer opens the file with File → Import a
 * countersignature…, confirms the reviewer's key fingerprint and imports it. The preparer opening
 * their own workbook for review is refused in place.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCache } from '../../electron/core/cache/index.ts';
import { exportReconciliation } from '../../electron/core/export/index.ts';
import { setReview, verifyAuditChain } from '../../electron/core/review/index.ts';
import { signOff } from '../../electron/core/signoff/index.ts';
import { testIdentity } from '../support/identity.ts';
import { addConnection, addGrandTotal, addPortalRow, addWindow, NOW, withStore } from '../unit/reconcile/fixtures.ts';
import { screenshot, startApp, type App } from './support/app.ts';
import { eventually } from './support/expect.ts';

const dir = mkdtempSync(join(os.tmpdir(), 'concilia-ui-countersign-'));
const shots = process.env.KEEP_SHOTS ?? dir;
const ana = testIdentity('Ana Pérez');
const ben = testIdentity('Ben Ortiz');
const preparerCache = join(dir, 'preparer.sqlite');
const workbook = join(dir, 'acme-2026-01.xlsx');
const apps: App[] = [];

/** Play File → (command) on the native menu, once the window listens. */
async function fromMenu(app: App, command: 'review-workbook' | 'import-countersignature', testId: string): Promise<void> {
  await eventually(async () => {
    if ((await app.page.getByTestId(testId).count()) === 0) app.harness.emit('menu:onDidInvoke', { command });
    expect(await app.page.getByTestId(testId).count()).toBe(1);
  });
}

beforeAll(async () => {
  const db = openCache(preparerCache);
  const clock = (): number => NOW;
  const conn = addConnection(db, { name: 'acme', kind: 'portal' });
  const jan = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(db, jan, { providerId: '1', providerName: 'Rutas Andinas', invoiced: 100_000, provider: 100_000 });
  addPortalRow(db, jan, { providerId: '2', providerName: 'Transportes Beta', invoiced: 200_000, provider: 250_000 });
  addGrandTotal(db, jan);
  const asAna = withStore(db, clock, ana);
  setReview(asAna, { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'explained', reason: 'timing', note: 'Credit note in February' });
  const range = { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month' as const };
  await signOff(asAna, { ...range, role: 'preparer' });
  await exportReconciliation(asAna, { ...range, now: NOW, out: workbook, format: 'xlsx', appVersion: '0.1.0' });
  db.close();
});

afterAll(async () => {
  for (const app of apps) await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a sign-off with nothing but files, in the window', () => {
  let countersigned: string;

  test('the preparer opening their own workbook for review is refused in place', async () => {
    const app = await startApp({ harness: { dbPath: join(dir, 'preparer-own.sqlite'), identity: ana } });
    apps.push(app);
    app.harness.platform.toOpen.push(workbook);
    await fromMenu(app, 'review-workbook', 'review-workbook-dialog');
    const dialog = app.page.getByTestId('review-workbook-dialog');
    await eventually(async () => expect(await dialog.getByTestId('countersign-refusal').isVisible()).toBe(true));
    expect(await dialog.getByTestId('countersign-refusal').innerText()).toBe("Ana Pérez prepared this range, so another account must review it. A countersignature by the preparer's own account is refused.");
    expect(await dialog.getByTestId('countersign-button').isDisabled()).toBe(true);
    await app.page.keyboard.press('Escape');
    await eventually(async () => expect(await dialog.count()).toBe(0));
    expect(existsSync(join(dir, 'acme-2026-01.countersigned.json'))).toBe(false);
    expect(app.problems).toEqual([]);
  });

  test('the reviewer, with an empty workspace, sees the workbook verified and what the preparer signed, and countersigns', async () => {
    const app = await startApp({ harness: { identity: ben } });
    apps.push(app);
    const { page } = app;
    app.harness.platform.toOpen.push(workbook);
    await fromMenu(app, 'review-workbook', 'review-workbook-dialog');
    const dialog = page.getByTestId('review-workbook-dialog');
    await eventually(async () => expect(await dialog.getByTestId('workbook-verdict').isVisible()).toBe(true));
    expect(await dialog.getByTestId('workbook-verdict').innerText()).toMatch(/^VERIFIED: this workbook is the one that was signed/);
    const facts = await dialog.getByTestId('preparer-signed').innerText();
    expect(facts).toContain('Ana Pérez (test:Ana Pérez)');
    expect(facts).toContain(ana.fingerprint.slice(0, 4));
    expect(await dialog.innerText()).toContain('You have not filled any Review column.');
    await page.screenshot({ path: join(shots, 'review-workbook.png') });
    await screenshot(page, 'review-workbook');
    // Keyboard: the button is reached and pressed without the mouse.
    await dialog.getByTestId('countersign-button').focus();
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await dialog.getByTestId('countersign-written').isVisible()).toBe(true));
    countersigned = join(dir, 'acme-2026-01.countersigned.json');
    expect(await dialog.getByTestId('countersign-written').innerText()).toContain(countersigned);
    expect(existsSync(countersigned)).toBe(true);
    // The reviewer's own workspace still knows no connection.
    expect(app.harness.db.prepare('SELECT count(*) AS n FROM connection').get()).toEqual({ n: 0 });
    expect(app.problems).toEqual([]);
  });

  test('the preparer confirms the reviewer’s key and imports the countersignature: the reviewer sign-off is live', async () => {
    const app = await startApp({ harness: { dbPath: preparerCache, identity: ana } });
    apps.push(app);
    const { page } = app;
    app.harness.platform.toOpen.push(countersigned);
    await fromMenu(app, 'import-countersignature', 'import-countersignature-dialog');
    const dialog = page.getByTestId('import-countersignature-dialog');
    await eventually(async () => expect(await dialog.getByTestId('reviewer-fingerprint').isVisible()).toBe(true));
    expect((await dialog.getByTestId('reviewer-fingerprint').innerText()).replace(/\s/g, '')).toBe(ben.fingerprint);
    expect(await dialog.getByTestId('countersignature-facts').innerText()).toContain('Ben Ortiz (test:Ben Ortiz)');
    const button = dialog.getByTestId('import-countersignature');
    expect(await button.isDisabled()).toBe(true);
    await dialog.getByTestId('trust-key').focus();
    await page.keyboard.press('Space');
    await eventually(async () => expect(await button.isDisabled()).toBe(false));
    await page.screenshot({ path: join(shots, 'import-countersignature.png') });
    await screenshot(page, 'import-countersignature');
    await button.click();
    await eventually(async () => expect(await dialog.getByTestId('countersignature-imported').isVisible()).toBe(true));
    const live = app.harness.reviews.signoffs({ id: 1, name: 'acme' }).filter((s) => s.status === 'live');
    expect(live.map((s) => [s.role, s.author, s.accountId, s.signed])).toEqual([
      ['preparer', 'Ana Pérez', 'test:Ana Pérez', true],
      ['reviewer', 'Ben Ortiz', 'test:Ben Ortiz', true],
    ]);
    expect(verifyAuditChain(app.harness.db)).toMatchObject({ ok: true });
    expect(app.problems).toEqual([]);
  });

  test('the same file again is refused in place, in words', async () => {
    const app = apps[apps.length - 1];
    if (!app) throw new Error('no app');
    await app.page.keyboard.press('Escape');
    app.harness.platform.toOpen.push(countersigned);
    await fromMenu(app, 'import-countersignature', 'import-countersignature-dialog');
    const dialog = app.page.getByTestId('import-countersignature-dialog');
    await eventually(async () => expect(await dialog.getByTestId('import-refusal').isVisible()).toBe(true));
    expect(await dialog.getByTestId('import-refusal').innerText()).toMatch(/^This range is already signed off by Ben Ortiz as reviewer \(.*\)\.$/);
    expect(await dialog.getByTestId('import-countersignature').isDisabled()).toBe(true);
  });
});
