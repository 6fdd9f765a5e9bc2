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

  /** The same, whatever the app's language. */
  async openDemoIn(_language: 'en' | 'es'): Promise<void> {
    await this.page.getByTestId('open-demo').click();
    await this.page.locator('#sync-title', { hasText: 'demo-portal' }).waitFor();
  }
}
