/**
 * The check of the cache file at start, as the window shows it: a quiet chip once the file passed,
 * and on a damaged file a banner that says exports and sign-offs are refused and what to do.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { openCache } from '../../electron/core/cache/index.ts';
import { addConnection } from '../../electron/core/connections/index.ts';
import { screenshot, startApp, type App } from './support/app.ts';
import { eventually } from './support/expect.ts';

const dir = mkdtempSync(join(os.tmpdir(), 'concilia-ui-cache-'));
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A cache with one connection whose rate_slot table's root page was overwritten on disk. */
function damagedCache(): string {
  const path = join(dir, 'damaged.sqlite');
  const db = openCache(path);
  addConnection(db, { name: 'lms', kind: 'payg', baseUrl: 'https://lms.example.com' }, Date.now);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const raw = new BetterSqlite3(path, { readonly: true });
  const root = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'rate_slot'").pluck().get() as number;
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  raw.close();
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(16, 0xee), 0, 16, (root - 1) * pageSize);
  closeSync(fd);
  return path;
}

test('a sound cache: the chip says it was checked, and nothing else is shown', async () => {
  const app = await startApp();
  apps.push(app);
  const chip = app.page.getByTestId('cache-health');
  await eventually(async () => expect(await chip.getAttribute('data-state')).toBe('ok'));
  expect(await chip.innerText()).toBe('Cache checked');
  expect(await chip.getAttribute('role')).toBe('status');
  expect(await app.page.getByTestId('cache-damaged').count()).toBe(0);
  expect(app.problems).toEqual([]);
});

test('a damaged cache: a banner says exports and sign-offs are refused and how to restore, in the chosen language', async () => {
  const app = await startApp({ harness: { dbPath: damagedCache() } });
  apps.push(app);
  const { page } = app;
  const banner = page.getByTestId('cache-damaged');
  await eventually(async () => expect(await banner.isVisible()).toBe(true));
  expect(await banner.getAttribute('role')).toBe('alert');
  const text = await banner.innerText();
  expect(text).toMatch(/The cache file is damaged: exports and sign-offs are refused/);
  expect(text).toMatch(/restore the latest backup of the cache/);
  expect(text).toMatch(/SQLite’s check found:/);
  expect(text).toContain('damaged.sqlite');
  expect(await page.getByTestId('cache-health').getAttribute('data-state')).toBe('damaged');
  await page.screenshot({ path: join(dir, 'cache-damaged.png') });
  await screenshot(page, 'cache-damaged');

  // The same refusal behind the buttons: the handlers check before exporting or signing.
  const handlers = app.harness.handlers.handlers;
  await expect((async () => handlers['review:signoff']({ connection: 'lms', from: '2025-01-01', to: '2025-01-31', period: 'week', role: 'preparer' }))()).rejects.toThrow(
    /The sign-off was refused: the cache file is damaged/,
  );

  await page.getByTestId('language-select').selectOption('es');
  await eventually(async () => expect(await banner.innerText()).toMatch(/El archivo de caché está dañado/));
  expect(app.problems).toEqual([]);
});
