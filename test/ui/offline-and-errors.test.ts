/**
 * When the upstream goes wrong: an expired token (401) and a burst of 429s are explained in plain
 * words, and with the sandbox stopped the cached reconciliation still opens and the app says it is
 * offline. The credentials form is write-only and warns about weak protection.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startApp, type App } from './support/app.ts';
import { demoSandbox } from './support/demo.ts';
import { decimalDigits, eventually, signedDigits } from './support/expect.ts';
import { portalTruth } from './support/truth.ts';
import { ReconciliationPage } from './pages/reconciliation-page.ts';
import { Shell } from './pages/shell.ts';
import { SyncPage } from './pages/sync-page.ts';
import { WelcomePage } from './pages/welcome-page.ts';

const FROM = '2025-01-01';
const TO = '2025-03-31';
const JANUARY_END = '2025-01-31';
let app: App;
let shell: Shell;

beforeAll(async () => {
  app = await startApp();
  shell = new Shell(app.page);
  await new WelcomePage(app.page).openDemo();
  const sync = new SyncPage(app.page);
  await sync.setRange(FROM, TO, 'month');
  await sync.start();
  expect(await sync.waitForOutcome()).toContain('Sync complete');
});

afterAll(async () => {
  await app?.close();
});

const sandbox = () => demoSandbox(app);

test('an expired token (401) is explained in words, without the token', async () => {
  const { page } = app;
  const s = await sandbox();
  s.setFaults({ expiredToken: true });
  await shell.go('connections');
  const card = page.getByTestId('connection-card').filter({ hasText: 'demo-portal' });
  await card.getByRole('button', { name: 'Test' }).click();
  const outcome = card.getByTestId('test-outcome');
  await outcome.waitFor();
  const text = await outcome.innerText();
  expect(text).toMatch(/Connection failed/);
  expect(text).toMatch(/401/);
  expect(text).toMatch(/expired or is invalid/);
  const token = s.credentials.portal.find((c) => c.hasReportPermission)?.token ?? '';
  expect(token.length).toBeGreaterThan(10);
  expect(await page.content()).not.toContain(token);

  // A sync hits the same wall: the window fails and the alert says what to do.
  await shell.go('sync');
  const sync = new SyncPage(page);
  await page.getByLabel('Download again even if fresh').check();
  await sync.start();
  expect(await sync.waitForOutcome()).toMatch(/failed/i);
  const alert = shell.alerts().last();
  await alert.waitFor();
  expect(await alert.innerText()).toMatch(/401.*Update them in the connection/s);
  await shell.dismissAlerts();
  s.setFaults({ expiredToken: false });
});

test('a burst of 429s shows the wait, and what is left failing is named', async () => {
  const { page } = app;
  const s = await sandbox();
  // Five attempts per window: six 429s fail the first window and delay the second.
  s.setFaults({ burst429: 6 });
  const sync = new SyncPage(page);
  await sync.start();
  await eventually(async () => expect(await page.getByTestId('sync-wait').innerText()).toMatch(/Waiting \d+ s for the rate limit/), 30_000);
  const outcome = await sync.waitForOutcome(90_000);
  expect(outcome).toMatch(/partly failed|failed/i);
  const alert = shell.alerts().last();
  await alert.waitFor();
  expect(await alert.innerText()).toMatch(/rate limit \(429/);
  await shell.dismissAlerts();
  s.setFaults({ burst429: 0 });
});

test('with the sandbox unreachable the reconciliation still opens from the cache, and the app says it is offline', async () => {
  const { page } = app;
  const s = await sandbox();
  const truth = portalTruth(app.harness, { connection: 'demo-portal', from: FROM, to: JANUARY_END, period: 'month' });
  // Every connection to the sandbox is dropped without an answer, as when the network is gone.
  s.setFaults({ dropConnectionRate: 1 });
  const sync = new SyncPage(page);
  await sync.setRange(FROM, JANUARY_END, 'month');
  await sync.start();
  expect(await sync.waitForOutcome(90_000)).toMatch(/failed/i);
  await eventually(async () => expect(await shell.offlineIndicator().getAttribute('data-state')).toBe('offline'));
  expect(await shell.offlineIndicator().innerText()).toMatch(/Offline/);
  await shell.dismissAlerts();

  await shell.go('reconcile');
  const recon = new ReconciliationPage(page);
  await recon.waitForRows();
  expect(await recon.rowCount()).toBe(truth.rows.length);
  expect(signedDigits(await recon.summary('total-invoiced').innerText())).toBe(decimalDigits(truth.totals.invoiced));
  s.setFaults({ dropConnectionRate: 0 });
});

test('credentials are write-only and weak protection needs an explicit yes', async () => {
  const { page } = app;
  app.harness.platform.protection = 'basic_text';
  await shell.go('connections');
  const card = page.getByTestId('connection-card').filter({ hasText: 'demo-payg' });
  await card.getByRole('button', { name: 'Credentials' }).click();
  const dialog = page.getByTestId('credentials-dialog');
  await dialog.waitFor();
  expect(await dialog.getByTestId('credential-state').first().innerText()).toBe('stored');
  expect(await dialog.getByLabel(/API key/).inputValue()).toBe('');
  expect(await dialog.innerText()).toMatch(/no secure keyring/);
  await dialog.getByLabel(/API key/).fill('new-secret-key-123');
  const save = dialog.getByRole('button', { name: 'Store credentials' });
  expect(await save.isDisabled()).toBe(true);
  await dialog.getByTestId('accept-weak').check();
  await save.click();
  await dialog.waitFor({ state: 'detached' });
  expect(await page.content()).not.toContain('new-secret-key-123');
  const status = await app.harness.handlers.handlers['connections:credentialStatus']({ name: 'demo-payg' });
  expect(status.hasApiKey).toBe(true);
  // Escape closes a dialog, and focus goes back to the button that opened it.
  await card.getByRole('button', { name: 'Credentials' }).click();
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Credentials');
  app.harness.platform.protection = 'memory';
});
