/**
 * What the workspace remembers and how it speaks: the range (the last complete month by default,
 * then the one chosen, per connection), the theme, dates and numbers in the app's language —
 * whatever the browser's language is.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evidence, startApp, type App } from './support/app.ts';
import { eventually } from './support/expect.ts';
import { Shell } from './pages/shell.ts';
import { SyncPage } from './pages/sync-page.ts';
import { WelcomePage } from './pages/welcome-page.ts';

let app: App;
let shell: Shell;

beforeAll(async () => {
  // The browser speaks American English; the app will be switched to Spanish.
  app = await startApp({ now: '2026-12-15T10:00:00.000Z', locale: 'en-US' });
  shell = new Shell(app.page);
  await app.page.getByRole('heading', { name: 'Welcome to Concilia' }).waitFor();
});

afterAll(async () => {
  await app?.close();
});

/** Open the page again, as after a restart of the window (same back end, same cache). */
async function reopen(): Promise<void> {
  await app.page.goto(app.harness.url);
  await app.page.getByTestId('nav-welcome').waitFor();
}

async function addPortal(name: string, tolerance: { abs: string; pct: string }): Promise<void> {
  const { page } = app;
  await shell.go('connections');
  await page.getByTestId('add-connection').click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.locator('#conn-name').fill(name);
  await dialog.locator('#conn-baseUrl').fill('https://acme.example.com');
  await dialog.locator('#conn-tenant').fill('acme');
  await dialog.locator('#conn-currency').fill('cop');
  await dialog.locator('#conn-toleranceAbs').fill(tolerance.abs);
  await dialog.locator('#conn-tolerancePct').fill(tolerance.pct);
  await dialog.locator('button[type="submit"]').click();
  await dialog.waitFor({ state: 'detached' });
}

describe('numbers in the app’s language', () => {
  test('a connection’s tolerance typed as "1.000,5" in Spanish is a thousand and a half, and no field name is shown', async () => {
    const { page } = app;
    await page.getByTestId('language-select').selectOption('es');
    await addPortal('acme', { abs: '1.000,5', pct: '1,5' });
    const list = await app.harness.handlers.handlers['connections:list']({});
    expect(list.find((c) => c.name === 'acme')).toMatchObject({ toleranceAbs: '1000.50', tolerancePct: '1.5' });
    expect(await page.getByTestId('alert').count()).toBe(0);

    // What cannot be read is said in words, in Spanish, before anything is sent.
    await page.getByTestId('add-connection').click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.locator('#conn-name').fill('beta');
    await dialog.locator('#conn-tenant').fill('beta');
    await dialog.locator('#conn-currency').fill('USD');
    await dialog.locator('#conn-toleranceAbs').fill('mil');
    await dialog.locator('button[type="submit"]').click();
    const problem = dialog.getByTestId('conn-toleranceAbs-error');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/^Escriba un número como 1\.000,5 o 0,5\.$/);
    expect(await dialog.innerText()).not.toMatch(/toleranceAbs|must be/);
    await evidence(page, 'connection-dialog-number-es');
    await page.keyboard.press('Escape');
    expect((await app.harness.handlers.handlers['connections:list']({})).map((c) => c.name)).toEqual(['acme']);
  });
});

describe('the range', () => {
  test('starts on the last complete month before today, in the app’s own date order', async () => {
    const { page } = app;
    await shell.go('sync');
    // Today is 15 December 2026 (the page's clock): the last complete month is November.
    const from = page.getByTestId('range-from');
    await expect.poll(() => from.inputValue()).toBe('01/11/2026');
    expect(await page.getByTestId('range-to').inputValue()).toBe('30/11/2026');
    // A typed field, not the browser's date input (which speaks the browser's language).
    expect(await from.getAttribute('type')).toBe('text');
    expect(await page.locator('#range-from-hint').innerText()).toBe('1 nov 2026');
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => from.inputValue()).toBe('11/01/2026');
    expect(await page.locator('#range-from-hint').innerText()).toBe('Nov 1, 2026');
    await page.getByTestId('language-select').selectOption('es');
    await evidence(page, 'range-default-es');
  });

  test('is remembered per connection, across a restart', async () => {
    const { page } = app;
    await shell.go('reconcile');
    await page.getByTestId('range-from').fill('1/10/2026');
    await page.getByTestId('range-to').fill('31/10/2026');
    await page.getByTestId('range-apply').click();
    await eventually(async () => expect(await page.locator('#range-to-hint').innerText()).toBe('31 oct 2026'));

    await shell.go('welcome');
    await new WelcomePage(page).openDemoIn('es');
    // The demo's connections start on the demo's year; acme keeps its October.
    expect(await page.getByTestId('range-from').inputValue()).toBe('01/01/2025');
    await shell.chooseConnection('acme');
    await expect.poll(() => page.getByTestId('range-from').inputValue()).toBe('01/10/2026');

    await reopen();
    await shell.chooseConnection('acme');
    await shell.go('sync');
    await expect.poll(() => page.getByTestId('range-from').inputValue()).toBe('01/10/2026');
    expect(await page.getByTestId('range-to').inputValue()).toBe('31/10/2026');
    await shell.chooseConnection('demo-portal');
    await expect.poll(() => page.getByTestId('range-from').inputValue()).toBe('01/01/2025');
  });
});

describe('the theme', () => {
  const background = () => app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  test('switches between the system’s, light and dark, and is remembered', async () => {
    const { page } = app;
    // The browser (the "system") prefers light.
    expect(await background()).toBe('rgb(245, 246, 248)');
    await page.getByTestId('theme-select').selectOption('dark');
    await eventually(async () => expect(await background()).toBe('rgb(18, 22, 28)'));
    await evidence(page, 'theme-dark');
    await reopen();
    await eventually(async () => expect(await background()).toBe('rgb(18, 22, 28)'));
    expect(await page.getByTestId('theme-select').inputValue()).toBe('dark');
    await page.getByTestId('theme-select').selectOption('system');
    await eventually(async () => expect(await background()).toBe('rgb(245, 246, 248)'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await eventually(async () => expect(await background()).toBe('rgb(18, 22, 28)'));
    await page.getByTestId('theme-select').selectOption('light');
    await eventually(async () => expect(await background()).toBe('rgb(245, 246, 248)'));
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('tolerance on the reconciliation screen', () => {
  test('accepts the app language’s separators: "1,000" in English, "1,5" in Spanish', async () => {
    const { page } = app;
    await shell.chooseConnection('demo-portal');
    await page.getByTestId('language-select').selectOption('en');
    await shell.go('sync');
    const sync = new SyncPage(page);
    await sync.start();
    expect(await sync.waitForOutcome(120_000)).toContain('Sync complete');
    await shell.go('reconcile');
    await page.getByTestId('summary-cards').waitFor({ timeout: 60_000 });
    const within = async () => Number((await page.getByTestId('count-WITHIN_TOLERANCE').innerText()).replace(/\D/g, ''));
    const before = await within();
    await page.getByTestId('tolerance-abs').fill('1,000');
    await page.getByTestId('tolerance-pct').fill('0.5');
    expect(await page.getByTestId('tolerance-apply').isDisabled()).toBe(false);
    await page.getByTestId('tolerance-apply').click();
    // Run, and shown back as the plain number it was read as.
    await eventually(async () => expect(await page.getByTestId('tolerance-abs').inputValue()).toBe('1000'));

    await page.getByTestId('language-select').selectOption('es');
    await page.getByTestId('tolerance-pct').fill('1,5');
    await page.getByTestId('tolerance-apply').click();
    // 1.5 %, not 15 % nor a refusal: more rows fall within tolerance than at 0.5 %.
    await eventually(async () => expect(await within()).toBeGreaterThan(before));
    expect(await page.getByTestId('tolerance-pct').inputValue()).toBe('1,5');
    expect(await page.getByTestId('alert').count()).toBe(0);

    await page.getByTestId('tolerance-pct').fill('1,5,5');
    expect(await page.getByTestId('tolerance-apply').isDisabled()).toBe(true);
    expect(await page.getByTestId('tolerance-hint').innerText()).toBe('Escriba un número como 1.000,5 o 0,5.');
    await evidence(page, 'tolerance-es');
  });
});
