/**
 * One fresh app per test file: the browser harness on a temp cache (the same handlers as Electron
 * main) and a Chromium page on it. Console errors and CSP violations are collected so a test can
 * assert the page stayed clean.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHarness, type Harness, type HarnessOptions } from '../../../electron/harness/index.ts';
import { launchChromium } from './browser.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RENDERER_INDEX = join(REPO_ROOT, 'out', 'renderer', 'index.html');
const SCREENSHOT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
/** Every test's pictures of what it saw (gitignored): look at them. */
export const EVIDENCE_DIR = join(REPO_ROOT, 'test-results', 'ui');

export interface App {
  harness: Harness;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (CSP violations included). */
  problems: string[];
  close(): Promise<void>;
}

export interface AppOptions {
  harness?: HarnessOptions;
  /** BCP 47 locale of the browser (numbers, dates, the system language). Default en-US. */
  locale?: string;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** The page's clock (the renderer's "today"), fixed at this instant; timers keep running. */
  now?: string;
  /** Prepare the cache before the page opens (the harness is already running). */
  before?: (harness: Harness) => void | Promise<void>;
}

// Chromium warns that frame-ancestors is ignored in a <meta> CSP; the harness and the app
// protocol send it as a header, where it works.
const EXPECTED_NOISE = [/frame-ancestors' is ignored when delivered via a <meta> element/];

export async function startApp(options: AppOptions = {}): Promise<App> {
  if (!existsSync(RENDERER_INDEX)) {
    throw new Error(`The renderer is not built (${RENDERER_INDEX} is missing): run npx electron-vite build before the UI tests.`);
  }
  const harness = await startHarness(options.harness);
  let browser: Browser | undefined;
  try {
    await options.before?.(harness);
    browser = await launchChromium();
    const context = await browser.newContext({
      locale: options.locale ?? 'en-US',
      timezoneId: 'UTC',
      colorScheme: options.colorScheme ?? 'light',
      viewport: options.viewport ?? { width: 1440, height: 960 },
      acceptDownloads: false,
    });
    if (options.now) await context.clock.setFixedTime(new Date(options.now));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !EXPECTED_NOISE.some((re) => re.test(m.text()))) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(harness.url);
    const opened = browser;
    return {
      harness,
      browser: opened,
      context,
      page,
      problems,
      async close() {
        await opened.close();
        await harness.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await harness.close();
    throw error;
  }
}

/** A picture of what the test saw, in test-results/ui/ (always: a UI test is looked at, not only run). */
export async function evidence(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(EVIDENCE_DIR, { recursive: true });
  const path = join(EVIDENCE_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

/** Screenshots for the README, only when asked (CONCILIA_SCREENSHOTS=1), so CI never rewrites them. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CONCILIA_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
