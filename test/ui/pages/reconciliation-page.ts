import type { Locator, Page } from 'playwright-core';

export class ReconciliationPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  /** The main reconciliation grid (the open-items grid below it is another one). */
  grid(): Locator {
    return this.page.getByTestId('portal-grid').getByRole('grid');
  }

  async waitForRows(): Promise<void> {
    await this.grid().getByRole('gridcell').first().waitFor({ timeout: 60_000 });
  }

  /** Rows the grid says it holds (the footer count, i.e. after filters). */
  async rowCount(): Promise<number> {
    const text = await this.page.getByTestId('portal-grid').getByTestId('grid-row-count').innerText();
    return Number(text.replace(/[^\d]/g, ''));
  }

  /** Rows actually in the DOM (virtualized: far fewer than rowCount on big data). */
  renderedRows(): Locator {
    return this.grid().locator('[role="rowgroup"].grid-body > [role="row"]');
  }

  summary(testId: 'total-invoiced' | 'total-provider' | 'total-difference' | 'out-of-tolerance'): Locator {
    return this.page.getByTestId(testId);
  }

  async filterProvider(text: string): Promise<void> {
    await this.page.getByLabel('Provider name or ID').fill(text);
  }

  async filterClass(value: string): Promise<void> {
    await this.page.getByTestId('filter-class').selectOption(value);
  }

  columnHeader(name: string): Locator {
    return this.grid().getByRole('columnheader', { name, exact: true });
  }

  /** A click anywhere on the heading sorts by it. */
  async sortBy(name: string): Promise<void> {
    await this.columnHeader(name).click();
  }

  /** Text of one column's cell in the n-th rendered body row (0-based, in display order). */
  async cellText(rowIndex: number, column: number): Promise<string> {
    const row = this.grid().locator(`[role="row"][aria-rowindex="${rowIndex + 2}"]`);
    return (await row.locator(`[role="gridcell"][aria-colindex="${column}"]`).innerText()).trim();
  }

  rowCheckbox(rowIndex: number): Locator {
    return this.grid().locator(`[role="row"][aria-rowindex="${rowIndex + 2}"] input[type="checkbox"]`);
  }

  async applyTolerance(abs: string, pct: string): Promise<void> {
    await this.page.getByTestId('tolerance-abs').fill(abs);
    await this.page.getByTestId('tolerance-pct').fill(pct);
    await this.page.getByTestId('tolerance-apply').click();
  }

  /** Who reviews is the account the window acts as: there is no name to type. */
  async bulkReview(options: { state: string; reason: string; note: string }): Promise<void> {
    const form = this.page.getByTestId('bulk-review-form');
    await form.getByLabel('State').selectOption(options.state);
    await form.getByLabel('Reason').selectOption(options.reason);
    await form.getByLabel('Note').fill(options.note);
    await form.getByTestId('bulk-review-apply').click();
  }
}
