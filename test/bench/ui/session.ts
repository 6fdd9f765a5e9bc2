/**
 * One measured run of each side, in a fresh page of the same browser:
 * - candidate: the app through the browser harness, from the click on Run to the grid painted,
 *   then a steady scroll of the grid;
 * - baseline: the static page (static-page.ts), from its Open click to its rows painted, then the
 *   same scroll over a static list of the same height.
 */
import { writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import type { Harness } from '../../../electron/harness/index.ts';
import type { PageWindow, PaintedSample } from './page-types.ts';
import { armPaintedProbe, paintedResult, scrollFrames, type ScrollSample } from './probes.ts';
import { PAGE_SIZE } from '../../../renderer/src/state/page-size.ts';
import { appendStaticRows, installStaticOpen, STATIC_PATH, type GridShape } from './static-page.ts';

export const GRID_SELECTOR = '[data-testid="portal-grid"] [role="grid"]';
export const SCROLLER_SELECTOR = '[data-testid="portal-grid"] .grid-scroll';
const APPLY_SELECTOR = '[data-testid="range-apply"]';

export interface RunPlan {
  harness: Harness;
  connection: string;
  from: string;
  to: string;
  rows: number;
  pxPerSecond: number;
  scrollMs: number;
  paintTimeoutMs: number;
  /** Pause between painted and the scroll, so the scroll does not inherit the open's leftovers. */
  settleMs: number;
  /** Runs just before each click: brings the harness's process to the same state for both sides. */
  beforeClick: () => void;
}

export interface RunSample {
  painted: PaintedSample;
  frames: ScrollSample;
  /**
   * The page's live JS heap after a full GC, with the reconciliation open (MiB), when asked for.
   * Taken after the scroll: a forced GC throws away compiled code and caches, and the next frames
   * pay for it. It costs 1–3 s on a big heap, so one run per side is enough.
   */
  heapMB: number | null;
  /** Errors the page reported (should stay empty). */
  problems: string[];
}

async function heapAfterGc(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize / 1024 / 1024;
  } finally {
    await cdp.detach();
  }
}

/** A CPU profile of the page (open it in Chrome DevTools' Performance panel). */
async function startProfiler(context: BrowserContext, page: Page): Promise<{ stopInto(path: string): Promise<void> }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return {
    async stopInto(path) {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      writeFileSync(path, JSON.stringify(profile));
    },
  };
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Chromium's note that a <meta> CSP cannot carry frame-ancestors is expected (the harness sends it as a header).
    if (m.type() === 'error' && !/frame-ancestors/.test(m.text())) problems.push(m.text());
  });
  return problems;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** The app: open the reconciliation screen (empty default range), then Run on the seeded range. */
export interface RunOptions {
  heap?: boolean;
  /** Write a CPU profile of the open (click → painted) here. */
  profilePath?: string;
}

export async function runCandidate(context: BrowserContext, plan: RunPlan, options: RunOptions = {}): Promise<RunSample & { shape: GridShape }> {
  const { profilePath } = options;
  const page = await context.newPage();
  const problems = watchProblems(page);
  try {
    await page.goto(plan.harness.url);
    // Ready = the first reconciliation (the default range, outside the seeded months) is on screen.
    await page.locator(GRID_SELECTOR).waitFor({ timeout: 30_000 });
    await page.locator(`${APPLY_SELECTOR}:not([disabled])`).waitFor({ timeout: 30_000 });
    await page.getByTestId('range-from').fill(plan.from);
    await page.getByTestId('range-to').fill(plan.to);
    await armPaintedProbe(page, { clickSelector: APPLY_SELECTOR, gridSelector: GRID_SELECTOR, expectedRows: plan.rows, label: 'concilia: open → painted' });
    const profiler = profilePath ? await startProfiler(context, page) : null;
    plan.beforeClick();
    await page.locator(APPLY_SELECTOR).click();
    const painted = await paintedResult(page, plan.paintTimeoutMs);
    if (profiler && profilePath) await profiler.stopInto(profilePath);
    const shape = await gridShape(page, painted.rowsInDom);
    await sleep(plan.settleMs);
    const frames = await scrollFrames(page, { scrollerSelector: SCROLLER_SELECTOR, pxPerSecond: plan.pxPerSecond, durationMs: plan.scrollMs });
    const heapMB = options.heap ? await heapAfterGc(context, page) : null;
    return { painted, frames, heapMB, problems, shape };
  } finally {
    await page.close();
  }
}

/** What the baseline page copies from the app: the same box, header, columns and first screen. */
async function gridShape(page: Page, firstScreenRows: number): Promise<GridShape> {
  const shape = await page.evaluate(
    (selectors) => {
      const w = globalThis as unknown as PageWindow;
      const box = w.document.querySelector(selectors.box);
      const grid = w.document.querySelector(selectors.grid);
      const header = grid?.querySelector('.grid-header');
      const row = grid?.querySelector('.grid-body > [role="row"]');
      if (!box || !grid || !header || !row) throw new Error('The app grid is not on screen.');
      const rect = box.getBoundingClientRect();
      return {
        width: Math.round(rect.width),
        height: Math.round(rect.height),
        headerHtml: header.outerHTML,
        template: row.style.gridTemplateColumns ?? '',
        minWidth: grid.style.minWidth ?? '',
        rowHeight: row.getBoundingClientRect().height,
      };
    },
    { box: '[data-testid="portal-grid"]', grid: GRID_SELECTOR },
  );
  return { ...shape, firstScreenRows };
}

/** The static baseline on the same harness, same rows, same scroll. */
export async function runBaseline(context: BrowserContext, plan: RunPlan, shape: GridShape, options: RunOptions = {}): Promise<RunSample> {
  const page = await context.newPage();
  const problems = watchProblems(page);
  try {
    await page.goto(`${plan.harness.origin}${STATIC_PATH}`);
    await installStaticOpen(page, {
      token: plan.harness.token,
      input: { connection: plan.connection, from: plan.from, to: plan.to, period: 'month' },
      template: shape.template,
      rowHeight: shape.rowHeight,
      firstScreenRows: shape.firstScreenRows,
      pageSize: PAGE_SIZE,
    });
    await armPaintedProbe(page, { clickSelector: APPLY_SELECTOR, gridSelector: GRID_SELECTOR, expectedRows: plan.rows, label: 'static: open → painted' });
    plan.beforeClick();
    await page.locator(APPLY_SELECTOR).click();
    const painted = await paintedResult(page, plan.paintTimeoutMs);
    // Enough static rows for the whole scroll plus a screen past its end: every frame shows rows.
    const needed = Math.ceil((plan.pxPerSecond * plan.scrollMs) / 1000 / shape.rowHeight) + shape.firstScreenRows * 2;
    await appendStaticRows(page, needed);
    await sleep(plan.settleMs);
    const frames = await scrollFrames(page, { scrollerSelector: SCROLLER_SELECTOR, pxPerSecond: plan.pxPerSecond, durationMs: plan.scrollMs });
    const heapMB = options.heap ? await heapAfterGc(context, page) : null;
    return { painted, frames, heapMB, problems };
  } finally {
    await page.close();
  }
}
