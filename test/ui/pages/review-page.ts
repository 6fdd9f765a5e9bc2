import type { Locator, Page } from 'playwright-core';

export class ReviewPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async signOff(role: 'preparer' | 'reviewer', author: string): Promise<void> {
    const card = this.page.getByTestId(`${role}-card`);
    await card.getByLabel('Your name').fill(author);
    await card.getByTestId(`${role}-sign`).click();
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
