import type { Locator, Page } from 'playwright-core';

/** The frame around every screen: navigation, connection picker, alerts, status. */
export class Shell {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  nav(screen: 'welcome' | 'connections' | 'sync' | 'reconcile' | 'review'): Locator {
    return this.page.getByTestId(`nav-${screen}`);
  }

  async go(screen: 'welcome' | 'connections' | 'sync' | 'reconcile' | 'review'): Promise<void> {
    await this.nav(screen).click();
  }

  async chooseConnection(name: string): Promise<void> {
    await this.page.getByTestId('connection-select').selectOption(name);
  }

  alerts(): Locator {
    return this.page.getByRole('alert');
  }

  async dismissAlerts(): Promise<void> {
    const buttons = this.page.getByTestId('alert').getByRole('button');
    while ((await buttons.count()) > 0) await buttons.first().click();
  }

  offlineIndicator(): Locator {
    return this.page.getByTestId('offline-indicator');
  }
}
