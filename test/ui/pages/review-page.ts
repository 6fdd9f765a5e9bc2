import type { Locator, Page } from 'playwright-core';

export class ReviewPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  /** Signs as the account the window acts as (there is no name to type). */
  async signOff(role: 'preparer' | 'reviewer'): Promise<void> {
    const card = this.page.getByTestId(`${role}-card`);
    await card.getByTestId(`${role}-sign`).click();
  }

  /** A refused sign-off, said in the role's own card (not in the app's alert). */
  refusal(role: 'preparer' | 'reviewer'): Locator {
    return this.page.getByTestId(`${role}-refusal`);
  }

  signed(role: 'preparer' | 'reviewer'): Locator {
    return this.page.getByTestId(`${role}-signed`);
  }

  chainStatus(): Locator {
    return this.page.getByTestId('chain-status');
  }

  auditRows(): Locator {
    return this.page.getByTestId('audit-table').locator('tbody tr');
  }
}
