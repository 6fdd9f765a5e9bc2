import type { Page } from 'playwright-core';

export class WelcomePage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async openDemo(): Promise<void> {
    await this.page.getByRole('button', { name: 'Open the demo workspace' }).click();
    // demo:open lands on the sync screen of the first demo connection.
    await this.page.getByRole('heading', { name: /^Sync demo-/ }).waitFor();
  }
}
