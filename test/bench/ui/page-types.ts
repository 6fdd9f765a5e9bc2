/**
 * The few browser APIs the in-page probes use, typed here: test/bench is checked without the DOM
 * library (it is Node code), and pulling `lib: dom` into the whole Node program would let browser
 * globals leak into code that must never touch them. Page functions cast `globalThis` to PageWindow.
 */

export interface PageElement {
  readonly children: ArrayLike<PageElement>;
  readonly clientHeight: number;
  readonly clientWidth: number;
  readonly scrollHeight: number;
  readonly outerHTML: string;
  readonly style: Record<string, string>;
  innerHTML: string;
  scrollTop: number;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  closest(selector: string): PageElement | null;
  insertAdjacentHTML(position: 'beforeend', html: string): void;
  getBoundingClientRect(): { width: number; height: number; top: number; left: number };
  addEventListener(type: string, listener: (event: PageEvent) => void, capture?: boolean): void;
}

export interface PageEvent {
  readonly timeStamp: number;
  readonly target: PageElement | null;
}

export interface PageDocument {
  readonly body: PageElement;
  querySelector(selector: string): PageElement | null;
  addEventListener(type: string, listener: (event: PageEvent) => void, capture?: boolean): void;
  removeEventListener(type: string, listener: (event: PageEvent) => void, capture?: boolean): void;
}

export interface PagePerformanceEntry {
  readonly name: string;
  readonly entryType: string;
  readonly startTime: number;
  readonly duration: number;
  readonly blockingDuration?: number;
  readonly responseEnd?: number;
  readonly encodedBodySize?: number;
}

export interface PagePerformance {
  now(): number;
  mark(name: string, options?: { startTime?: number }): unknown;
  measure(name: string, options: { start: number; end: number }): PagePerformanceEntry;
  getEntriesByType(type: string): PagePerformanceEntry[];
  clearResourceTimings(): void;
  setResourceTimingBufferSize(size: number): void;
}

export interface PagePerformanceObserver {
  observe(options: { type: string; buffered?: boolean }): void;
  disconnect(): void;
}

export interface PageMutationObserver {
  observe(target: PageElement, options: { subtree: boolean; childList: boolean; attributes: boolean; attributeFilter?: string[] }): void;
  disconnect(): void;
}

export interface PageMessagePort {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(data: unknown): void;
}

export interface PageResponse {
  readonly status: number;
  json(): Promise<unknown>;
}

/** Chromium's non-standard heap figures (performance.memory). */
export interface PageMemory {
  readonly usedJSHeapSize: number;
}

export interface PageWindow {
  readonly document: PageDocument;
  readonly performance: PagePerformance & { readonly memory?: PageMemory };
  requestAnimationFrame(callback: (timestamp: number) => void): number;
  setTimeout(callback: () => void, ms: number): number;
  fetch(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<PageResponse>;
  readonly MutationObserver: new (callback: () => void) => PageMutationObserver;
  readonly PerformanceObserver: (new (callback: (list: { getEntries(): PagePerformanceEntry[] }) => void) => PagePerformanceObserver) & {
    readonly supportedEntryTypes?: readonly string[];
  };
  readonly MessageChannel: new () => { port1: PageMessagePort; port2: PageMessagePort };
  /** Where the probes leave their pending results between two page.evaluate calls. */
  concilia_bench?: {
    painted?: Promise<PaintedSample>;
    rows?: unknown[];
    /** The static baseline's row markup for rows [from, to). */
    renderRows?: (from: number, to: number) => string;
    /** The static baseline: fetch rows (reconcile:rows) until `upTo` are in `rows`. */
    fetchRows?: (upTo: number) => Promise<void>;
  };
}

/** "Painted" as one run measured it in the page (all times in ms from the click). */
export interface PaintedSample {
  /** Click -> end of the first frame that showed a full screen of rows. */
  paintedMs: number;
  /** Click -> the rows first in the DOM. */
  domMs: number;
  /** Rows in the DOM at that frame. */
  rowsInDom: number;
  /** The reconcile requests after the click (run, then rows): first fetch start -> last byte before the paint (Resource Timing). */
  roundTripMs: number;
  /** Body bytes of those answers. */
  answerBytes: number;
}
