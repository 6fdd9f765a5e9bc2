/**
 * Who the window signs as, in words: the identity card on Review & sign-off says the account as a
 * sentence in the window's language ("Account alice on this computer (user number 1001)"), never
 * the bare id, and keeps the exact id beside it for auditors, for each form an account id takes on
 * the systems the app runs on. Light and dark, English and Spanish; axe-core finds nothing.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { identityFromKey, newPrivateKeyPem, posixAccountId, windowsAccountId } from '../../electron/core/identity/index.ts';
import { evidence, startApp, type App } from './support/app.ts';
import { axeViolations, clippedText, internalCodes } from './support/checks.ts';
import { eventually } from './support/expect.ts';
import { Shell } from './pages/shell.ts';
import { WelcomePage } from './pages/welcome-page.ts';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const ACCOUNTS = [
  {
    system: 'posix',
    accountId: posixAccountId('alice', 1001),
    en: 'Account alice on this computer (user number 1001)',
    es: 'Cuenta alice en este equipo (usuario número 1001)',
  },
  {
    system: 'windows',
    accountId: windowsAccountId('laptop-7', 'alice'),
    en: 'Account alice on this computer (LAPTOP-7)',
    es: 'Cuenta alice en este equipo (LAPTOP-7)',
  },
] as const;

describe.each(ACCOUNTS)('the identity card of a $system account', (account) => {
  test('says the account in words, in English and Spanish, and keeps its exact id for auditors', async () => {
    const identity = identityFromKey({ accountId: account.accountId, displayName: 'alice' }, newPrivateKeyPem());
    app = await startApp({ harness: { identity } });
    const { page } = app;
    await new WelcomePage(page).openDemo();
    await new Shell(page).go('review');
    const card = page.getByTestId('identity-card');
    const shown = page.getByTestId('identity-account');
    for (const [language, theme] of [
      ['en', 'light'],
      ['es', 'dark'],
    ] as const) {
      await page.getByTestId('language-select').selectOption(language);
      await page.getByTestId('theme-select').selectOption(theme);
      await eventually(async () => expect(await shown.innerText()).toBe(account[language]));
      expect(await shown.getAttribute('title')).toBe(account.accountId);
      expect(await page.getByTestId('identity-account-id').innerText()).toBe(account.accountId);
      expect(await page.getByTestId('identity-name').innerText()).toBe('alice');
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: await evidence(page, `identity-card-${account.system}-${language}-${theme}`) });
      expect(await axeViolations(page)).toEqual([]);
      expect(await internalCodes(page)).toEqual([]);
      expect((await clippedText(page)).filter((c) => c.startsWith('identity'))).toEqual([]);
    }
    expect(app.problems).toEqual([]);
  });
});
