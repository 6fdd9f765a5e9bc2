/**
 * The baseline page: no React, no virtualizer. Served on the harness's own origin (a Playwright
 * route), it asks the same harness what the app asks over the same HTTP — reconcile:run (the
 * summary and the view), then the first page of rows from reconcile:rows — parses the answers,
 * and writes rows as static HTML with the app's stylesheet, header and column template: what any
 * screen showing these rows must at least do.
 */
import type { Page } from 'playwright-core';
import type { PageElement, PageWindow } from './page-types.ts';

export const STATIC_PATH = '/__bench/static-rows';

/** The fields of a reconcile:rows row (electron/contract PortalRow) the static rows show. */
interface StaticRow {
  providerName: string;
  providerId: string;
  periodStart: string;
  taskCount: number;
  invoiced: string;
  providerReported: string;
  difference: string;
  differencePct: string | null;
  status: string;
  review: { state?: string } | null;
}

export interface GridShape {
  /** The app's grid box (the .data-grid element), so the baseline scrolls the same viewport. */
  width: number;
  height: number;
  /** The header row as the app rendered it (static markup). */
  headerHtml: string;
  /** grid-template-columns of the app's rows. */
  template: string;
  minWidth: string;
  rowHeight: number;
  /** Body rows the app's first screen put in the DOM (visible rows plus overscan). */
  firstScreenRows: number;
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function staticPageHtml(cssHref: string, shape: GridShape): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Static rows (benchmark baseline)</title>
<link rel="stylesheet" href="${escapeAttr(cssHref)}">
</head>
<body>
<main class="app-main" style="padding:16px">
<button type="button" class="btn btn-primary" data-testid="range-apply">Open</button>
<div class="data-grid" data-testid="portal-grid" style="width:${shape.width}px;height:${shape.height}px">
<div class="grid-scroll">
<div role="grid" aria-rowcount="1" style="min-width:${escapeAttr(shape.minWidth)}">
${shape.headerHtml}
<div role="rowgroup" class="grid-body" style="height:0px"></div>
</div>
</div>
</div>
</main>
</body>
</html>`;
}

export interface StaticOpenArgs {
  token: string;
  input: { connection: string; from: string; to: string; period: string };
  template: string;
  rowHeight: number;
  firstScreenRows: number;
  /** Rows in the first reconcile:rows page (the app's page size). */
  pageSize: number;
}

/** reconcile:rows asks at most this many rows at once (the contract's cap). */
const MAX_PAGE = 1000;

/**
 * On the Open click: reconcile:run then reconcile:rows (the first page) through fetch, JSON, then
 * the first screen of rows as one innerHTML. The rows, the view and their renderer stay in the page
 * for appendStaticRows.
 */
export async function installStaticOpen(page: Page, args: StaticOpenArgs): Promise<void> {
  await page.evaluate((a) => {
    const w = globalThis as unknown as PageWindow;
    const button = w.document.querySelector('[data-testid="range-apply"]');
    const grid = w.document.querySelector('[role="grid"]');
    const body = w.document.querySelector('.grid-body');
    if (!button || !grid || !body) throw new Error('The static baseline page is incomplete.');
    const rpc = async <V>(channel: string, input: unknown): Promise<V> => {
      const response = await w.fetch(`/rpc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Concilia-Token': a.token },
        body: JSON.stringify({ input }),
      });
      const answer = (await response.json()) as { ok: boolean; value?: V; error?: { message: string } };
      if (!answer.ok || !answer.value) throw new Error(`${channel} failed: ${answer.error?.message ?? 'no value'}`);
      return answer.value;
    };
    const open = async (): Promise<void> => {
      const summary = await rpc<{ view: { id: string } }>('reconcile:run', a.input);
      const page = await rpc<{ total: number; rows: unknown[] }>('reconcile:rows', { viewId: summary.view.id, offset: 0, limit: a.pageSize });
      const rows = page.rows;
      const renderRows = (from: number, to: number): string => rowsHtml(rows, from, to);
      const fetchRows = async (upTo: number): Promise<void> => {
        while (rows.length < Math.min(upTo, page.total)) {
          const next = await rpc<{ rows: unknown[] }>('reconcile:rows', { viewId: summary.view.id, offset: rows.length, limit: a.maxPage });
          if (next.rows.length === 0) return;
          rows.push(...next.rows);
        }
      };
      w.concilia_bench = { ...w.concilia_bench, rows, renderRows, fetchRows };
      body.style.height = `${page.total * a.rowHeight}px`;
      body.innerHTML = renderRows(0, Math.min(rows.length, a.firstScreenRows));
      grid.setAttribute('aria-rowcount', String(page.total + 1));
    };
    // The app's cells, as plain markup: raw decimal text instead of locale formatting.
    const rowsHtml = (rows: unknown[], from: number, to: number): string => {
      const esc = (v: string | number | null): string =>
        String(v ?? '')
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;');
      const tone: Record<string, string> = { MATCHED: 'badge-ok', WITHIN_TOLERANCE: 'badge-warn', PROVIDER_HIGHER: 'badge-up', PROVIDER_LOWER: 'badge-bad' };
      let html = '';
      for (let i = from; i < to; i++) {
        const r = rows[i] as StaticRow;
        const review = r.review?.state ?? 'open';
        const cells = [
          '<input type="checkbox" tabindex="-1">',
          `<span>${esc(r.providerName)} <span class="muted mono">#${esc(r.providerId)}</span></span>`,
          esc(r.periodStart),
          esc(r.taskCount),
          esc(r.invoiced),
          esc(r.providerReported),
          `<span>${esc(r.difference)}</span>`,
          esc(r.differencePct),
          `<span class="badge ${tone[r.status] ?? ''}">${esc(r.status)}</span>`,
          `<span class="badge badge-neutral">${esc(review)}</span>`,
        ];
        const numeric = [false, false, false, true, true, true, true, true, false, false];
        html +=
          `<div role="row" aria-rowindex="${i + 2}" class="grid-row" style="grid-template-columns:${a.template};height:${a.rowHeight}px;transform:translateY(${i * a.rowHeight}px)">` +
          cells.map((c, k) => `<div role="gridcell" class="grid-cell${numeric[k] ? ' num' : ''}">${c}</div>`).join('') +
          '</div>';
      }
      return html;
    };
    button.addEventListener('click', () => {
      open().catch((error: unknown) => {
        grid.setAttribute('data-error', error instanceof Error ? error.message : String(error));
      });
    });
  }, { ...args, maxPage: MAX_PAGE });
}

/**
 * Rows from the first screen up to `count`, static, so the scroll covers real rows (no React).
 * The rows past the first page are fetched here, after the clock stopped, in pages of the cap.
 */
export async function appendStaticRows(page: Page, count: number): Promise<number> {
  return page.evaluate(async (n) => {
    const w = globalThis as unknown as PageWindow;
    const body: PageElement | null = w.document.querySelector('.grid-body');
    const rows = w.concilia_bench?.rows;
    const render = w.concilia_bench?.renderRows;
    const fetchRows = w.concilia_bench?.fetchRows;
    if (!body || !rows || !render || !fetchRows) throw new Error('Open the static baseline before appending rows.');
    await fetchRows(n);
    body.insertAdjacentHTML('beforeend', render(body.children.length, Math.min(rows.length, n)));
    return body.children.length;
  }, count);
}
