/**
 * A sync that finished is shown finished, whatever happened to its events on the way: the page's
 * event stream connecting late, or never connecting at all. Two mechanisms cover it — the window
 * asks for the job's last event when it has heard nothing for a while, and the harness holds
 * events sent while no page is connected (test/unit/harness/event-stream.test.ts) — and whichever
 * comes first shows the outcome; these tests assert only that one does. Before
 * this, a stream that connected after the demo's quick sync ended left "Cancel sync" on screen
 * for good, and a CI run waited three minutes for an outcome that had already happened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { evidence, startApp } from './support/app.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function syncTheDemo(page: Page): Promise<void> {
  await page.getByTestId('open-demo').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('range-apply').waitFor();
  await page.getByTestId('range-apply').focus();
  await page.keyboard.press('Enter');
}

describe('a finished sync is shown finished', () => {
  for (const trouble of ['late', 'never'] as const) {
    test(`when the event stream connects ${trouble === 'late' ? 'after the sync ended' : 'never'}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'concilia-catch-up-'));
      dirs.push(dir);
      const app = await startApp({ harness: { dbPath: join(dir, 'concilia.sqlite') } });
      try {
        const { page } = app;
        // The stream is held back (or refused) at the browser, before the harness ever sees it.
        await page.route(/\/events\?/, async (route) => {
          if (trouble === 'never') return route.abort();
          await new Promise((resolve) => setTimeout(resolve, 8000));
          return route.continue();
        });
        await page.goto(app.harness.url);
        await syncTheDemo(page);
        await page.getByTestId('sync-outcome').waitFor({ timeout: 60_000 });
        expect(await page.getByTestId('sync-outcome').getAttribute('data-outcome')).toBe('ok');
        expect(await page.getByTestId('sync-cancel').count()).toBe(0);
        await evidence(page, `sync-catch-up-${trouble}`);
      } finally {
        await app.close();
      }
    });
  }
});
