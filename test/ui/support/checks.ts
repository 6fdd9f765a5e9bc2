/**
 * What every screen must pass, whatever it shows: axe-core finds nothing, no internal key or code
 * reaches the text a person reads, and no heading or label is cut off.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's violations on the page as it is now (WCAG 2.x A and AA, and axe's best practices). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the page's CSP (script-src 'self') stays as it is.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations.map((v) => `${v.id} (${v.help}): ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Internal keys (P|…, B|…, F|…), snake_case field names and UPPER_SNAKE codes, as people would read them. */
export const INTERNAL_TEXT = /\b[PBF]\|[^\s]*|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/g;

/** The page's text as people get it (innerText: what is shown, and what screen readers are given). */
export async function internalCodes(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const open = document.querySelector('dialog[open]');
    return `${document.body.innerText}\n${open instanceof HTMLElement ? open.innerText : ''}\n${document.title}`;
  });
  return [...new Set([...text.matchAll(INTERNAL_TEXT)].map((m) => m[0]))];
}

/**
 * Headings, labels, periods and figures drawn wider than their box (so the end is cut off): the
 * names of things and their figures must read whole. Long free text in a grid cell (a provider's
 * name) may end in an ellipsis; these may not.
 */
export async function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selectors = [
      '[role="columnheader"]',
      'th',
      'td.num',
      '.grid-cell.num',
      // Every cell but the free text of flex columns (names): periods, statuses, amounts read whole.
      '[role="gridcell"]:not(.grid-cell-flex)',
      '.summary-card dt',
      '.summary-card dd',
      '.coverage-cell .when',
      '.coverage-cell .state',
      // Classes and review states: a badge squeezed by its column hides the word that matters.
      '.badge',
      'label',
      'button',
      '.card-title',
      '.page-title',
    ];
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selectors.join(','))) {
      if (el.offsetParent === null || el.closest('.sr-only')) continue;
      const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2;
      const where = el.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
      const what = `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''}`;
      if (cut && el.clientWidth > 0) out.push(`${where} ${what}: ${el.innerText.trim().slice(0, 60)} (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
    }
    return [...new Set(out)];
  });
}
