/** The demo workspace, opened and synced for a year, the way most UI tests start. */
import { expect } from 'vitest';
import type { Sandbox } from '../../../electron/core/sandbox/index.ts';
import type { App } from './app.ts';
import { Shell } from '../pages/shell.ts';
import { SyncPage } from '../pages/sync-page.ts';
import { WelcomePage } from '../pages/welcome-page.ts';

export const DEMO_FROM = '2025-01-01';
export const DEMO_TO = '2025-12-31';

/** The demo's running sandbox (tests switch its faults on and restate its figures). */
export async function demoSandbox(app: App): Promise<Sandbox> {
  const sandbox = await app.harness.handlers.demoSandbox();
  if (!sandbox) throw new Error('the demo sandbox is not running');
  return sandbox;
}

/** Open the demo and sync its portal connection (and its PAYG one when asked) for the demo's year. */
export async function openSyncedDemo(app: App, options: { payg?: boolean } = {}): Promise<void> {
  const { page } = app;
  const shell = new Shell(page);
  const sync = new SyncPage(page);
  await new WelcomePage(page).openDemo();
  await sync.start();
  expect(await sync.waitForOutcome(120_000)).toContain('Sync complete');
  if (options.payg) {
    await shell.chooseConnection('demo-payg');
    await shell.go('sync');
    await sync.start();
    expect(await sync.waitForOutcome(120_000)).toContain('Sync complete');
    await shell.chooseConnection('demo-portal');
  }
}
