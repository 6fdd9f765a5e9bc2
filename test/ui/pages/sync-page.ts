import type { Locator, Page } from 'playwright-core';

export class SyncPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  progressBar(): Locator {
    return this.page.getByRole('progressbar', { name: 'Sync progress' });
  }

  async setRange(from: string, to: string, period: 'month' | 'week' | 'range' = 'month'): Promise<void> {
    await this.page.getByLabel('From').fill(from);
    await this.page.getByLabel('To').fill(to);
    await this.page.getByTestId(`period-${period}`).click();
  }

  async start(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start sync' }).click();
  }

  outcome(): Locator {
    return this.page.getByTestId('sync-outcome');
  }

  /** Wait for the final state and return its words ("Sync complete", "Sync failed"…). */
  async waitForOutcome(timeout = 60_000): Promise<string> {
    await this.outcome().waitFor({ timeout });
    return (await this.outcome().innerText()).trim();
  }

  coverageCells(): Locator {
    return this.page.getByTestId('coverage-cell');
  }
}
