/**
 * In-page probes, the same for the app and for its static baseline, so both are timed by one ruler.
 *
 * Page functions are serialised by Playwright and run in Chromium: they may use only their
 * argument and browser globals (typed through PageWindow), never this module's other names.
 */
import type { Page } from 'playwright-core';
import type { PageElement, PageEvent, PageWindow, PaintedSample } from './page-types.ts';

export interface PaintedProbeArgs {
  /** The click on this element starts the clock (its event timestamp). */
  clickSelector: string;
  /** The [role="grid"] element that will show the rows. */
  gridSelector: string;
  /** Body rows the grid must announce (aria-rowcount = rows + 1) before it counts as this reconciliation. */
  expectedRows: number;
  /** Name of the performance.measure left in the page's timeline. */
  label: string;
}

/**
 * Arms the "painted" probe before the click. The clock starts at the click event's timestamp and
 * stops once a frame with a full screen of the grid's rows has run its style, layout and paint: the
 * first requestAnimationFrame after the rows are in the DOM, plus a message posted from it (a task
 * that only runs after that frame's rendering work). Rows that do not yet fill the viewport (a
 * virtualizer's first pass before it knows its height) wait for the next mutation.
 */
export async function armPaintedProbe(page: Page, args: PaintedProbeArgs): Promise<void> {
  await page.evaluate((a) => {
    const w = globalThis as unknown as PageWindow;
    w.performance.setResourceTimingBufferSize(1000);
    w.performance.clearResourceTimings();
    const painted = new Promise<PaintedSample>((resolve) => {
      let clickAt: number | null = null;
      let domAt: number | null = null;
      let waitingForFrame = false;
      const onClick = (event: PageEvent): void => {
        if (clickAt === null && event.target?.closest(a.clickSelector)) clickAt = event.timeStamp;
      };
      w.document.addEventListener('click', onClick, true);
      const grid = (): PageElement | null => {
        const g = w.document.querySelector(a.gridSelector);
        return g && g.getAttribute('aria-rowcount') === String(a.expectedRows + 1) ? g : null;
      };
      // Placeholder rows (aria-busy: their page is still on its way) do not count as shown.
      const bodyRows = (g: PageElement): ArrayLike<PageElement> => g.querySelectorAll('.grid-body > [role="row"]:not([aria-busy="true"])');
      const observer = new w.MutationObserver(() => {
        if (clickAt === null || waitingForFrame) return;
        const g = grid();
        if (!g || bodyRows(g).length === 0) return;
        domAt ??= w.performance.now();
        waitingForFrame = true;
        w.requestAnimationFrame(() => {
          waitingForFrame = false;
          const rows = bodyRows(g);
          const first = rows[0];
          const rowHeight = first ? first.getBoundingClientRect().height : 0;
          const scroller = g.closest('.grid-scroll');
          const header = g.querySelector('.grid-header');
          const viewport = (scroller?.clientHeight ?? 0) - (header?.getBoundingClientRect().height ?? 0);
          const needed = Math.min(a.expectedRows, Math.ceil(viewport / Math.max(1, rowHeight)));
          if (rows.length < needed) return;
          const channel = new w.MessageChannel();
          channel.port1.onmessage = () => {
            const end = w.performance.now();
            const start = clickAt ?? end;
            observer.disconnect();
            w.document.removeEventListener('click', onClick, true);
            w.performance.measure(a.label, { start, end });
            // reconcile:run and the reconcile:rows pages it took, from this click on.
            const rpcs = w.performance
              .getEntriesByType('resource')
              .filter((e) => /\/rpc\/reconcile(:|%3A)(run|rows)/.test(e.name) && e.startTime >= start && e.responseEnd !== undefined);
            const firstStart = Math.min(...rpcs.map((e) => e.startTime));
            const lastEnd = Math.max(...rpcs.map((e) => e.responseEnd ?? Number.NaN));
            resolve({
              paintedMs: end - start,
              domMs: (domAt ?? end) - start,
              rowsInDom: rows.length,
              roundTripMs: rpcs.length > 0 ? lastEnd - firstStart : Number.NaN,
              answerBytes: rpcs.length > 0 ? rpcs.reduce((sum, e) => sum + (e.encodedBodySize ?? 0), 0) : Number.NaN,
            });
          };
          channel.port2.postMessage(null);
        });
      });
      observer.observe(w.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-rowcount'] });
    });
    w.concilia_bench = { ...w.concilia_bench, painted };
  }, args);
}

/** Waits for the armed probe's answer (after the click). */
export async function paintedResult(page: Page, timeoutMs: number): Promise<PaintedSample> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the grid did not show its rows within ${timeoutMs / 1000} s of the click`)), timeoutMs);
  });
  try {
    return await Promise.race([
      page.evaluate(() => {
        const w = globalThis as unknown as PageWindow;
        const pending = w.concilia_bench?.painted;
        if (!pending) throw new Error('The painted probe was not armed.');
        return pending;
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ScrollArgs {
  /** The scrolling element. */
  scrollerSelector: string;
  pxPerSecond: number;
  durationMs: number;
}

export interface ScrollSample {
  /** requestAnimationFrame timestamp deltas: the frame rate the user sees. */
  intervals: number[];
  /** Per frame: frame start -> that frame's rendering done (scroll handlers, rAF, style, layout, paint). */
  work: number[];
  /** Long-animation-frame entries (> 50 ms) while scrolling, their durations. */
  longFrames: number[];
  /** Whether this Chromium reports long-animation-frame entries at all. */
  loafSupported: boolean;
  distancePx: number;
  /** Most body rows seen in the DOM at once while scrolling (the virtualizer's window). */
  maxRowsInDom: number;
}

/**
 * Scrolls at a steady pace, driven from requestAnimationFrame: the offset follows the clock, not
 * the frame count, so a slow frame makes the next jump longer, as a dragged scrollbar does. Each
 * offset is set on the main thread (scrollTop), so the page's scroll handlers run every frame.
 */
export async function scrollFrames(page: Page, args: ScrollArgs): Promise<ScrollSample> {
  return page.evaluate(
    (a) =>
      new Promise<ScrollSample>((resolve, reject) => {
        const w = globalThis as unknown as PageWindow;
        const scroller = w.document.querySelector(a.scrollerSelector);
        if (!scroller) {
          reject(new Error(`No scroller ${a.scrollerSelector} in the page.`));
          return;
        }
        const longFrames: number[] = [];
        const loafSupported = (w.PerformanceObserver.supportedEntryTypes ?? []).includes('long-animation-frame');
        const loaf = loafSupported
          ? new w.PerformanceObserver((list) => {
              for (const entry of list.getEntries()) longFrames.push(entry.duration);
            })
          : null;
        loaf?.observe({ type: 'long-animation-frame' });
        const intervals: number[] = [];
        const work: number[] = [];
        let maxRowsInDom = 0;
        const channel = new w.MessageChannel();
        channel.port1.onmessage = (event) => {
          work.push(w.performance.now() - (event.data as number));
        };
        const startTop = scroller.scrollTop;
        let first: number | null = null;
        let last = 0;
        const frame = (ts: number): void => {
          if (first === null) first = ts;
          else intervals.push(ts - last);
          last = ts;
          channel.port2.postMessage(ts);
          maxRowsInDom = Math.max(maxRowsInDom, scroller.querySelectorAll('.grid-body > [role="row"]').length);
          const elapsed = ts - first;
          if (elapsed >= a.durationMs) {
            // One more task so the last frame's work message lands before we answer.
            w.setTimeout(() => {
              loaf?.disconnect();
              resolve({ intervals, work: work.slice(1), longFrames, loafSupported, distancePx: scroller.scrollTop - startTop, maxRowsInDom });
            }, 50);
            return;
          }
          scroller.scrollTop = startTop + Math.round((a.pxPerSecond * elapsed) / 1000);
          w.requestAnimationFrame(frame);
        };
        w.requestAnimationFrame(frame);
      }),
    args,
  );
}

/** Idle frames: nothing scrolls, nothing renders — the cadence this Chromium gives at best. */
export async function idleFrames(page: Page, durationMs: number): Promise<number[]> {
  return page.evaluate(
    (ms) =>
      new Promise<number[]>((resolve) => {
        const w = globalThis as unknown as PageWindow;
        const intervals: number[] = [];
        let first: number | null = null;
        let last = 0;
        const frame = (ts: number): void => {
          if (first === null) first = ts;
          else intervals.push(ts - last);
          last = ts;
          if (ts - first >= ms) resolve(intervals);
          else w.requestAnimationFrame(frame);
        };
        w.requestAnimationFrame(frame);
      }),
    durationMs,
  );
}
