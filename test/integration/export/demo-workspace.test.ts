/**
 * What the desktop app's "Open the demo workspace" needs: the sandbox started, both demo
 * connections pointing at it, their credentials in the secret store, and nothing synced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { listConnections } from '../../../electron/core/connections/index.ts';
import { DEMO_PAYG, DEMO_PORTAL, openDemoWorkspace, paygWorkbookPath } from '../../../electron/core/demo/index.ts';
import { realSleep } from '../../../electron/core/deps.ts';
import { MemorySecretStore } from '../../../electron/core/secrets.ts';
import { withStore } from '../../support/review-store.ts';
import { openTempCache, tempDir, type TempDir } from './fixtures.ts';

let tmp: TempDir;
let db: CacheDatabase;

beforeAll(() => {
  tmp = tempDir('concilia-demo-');
  db = openTempCache(tmp.dir);
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('openDemoWorkspace', () => {
  it('starts the sandbox and adds both demo connections with their credentials, without syncing', async () => {
    const secrets = new MemorySecretStore();
    const deps = { ...withStore(db), secrets, fetch: (input: string | URL, init?: RequestInit) => fetch(input, init), sleep: realSleep };
    const first = await openDemoWorkspace(deps);
    try {
      expect(first.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const connections = listConnections(db);
      expect(connections.map((c) => [c.name, c.kind, c.baseUrl.replace(/\/$/, '')])).toEqual([
        [DEMO_PAYG, 'payg', first.sandbox.url],
        [DEMO_PORTAL, 'portal', first.sandbox.url],
      ]);
      expect(await secrets.get(DEMO_PORTAL, 'token')).toBeTruthy();
      expect(await secrets.get(DEMO_PORTAL, 'apiKey')).toBeTruthy();
      expect(await secrets.get(DEMO_PAYG, 'apiKey')).toEqual({ value: first.sandbox.credentials.payg.apiKey, origin: first.sandbox.url });
      expect(db.prepare('SELECT COUNT(*) AS n FROM sync_window').get()).toEqual({ n: 0 });
      // The sandbox answers with the stored credentials.
      const response = await fetch(`${first.sandbox.url}/payg/lms/payment-requests?page=1&limit=1`, {
        headers: { Authorization: `Bearer ${(await secrets.get(DEMO_PAYG, 'apiKey'))?.value ?? ''}` },
      });
      expect(response.status).toBe(200);
    } finally {
      await first.sandbox.close();
    }
    // Opening it again re-points the same connections at the new sandbox.
    const second = await openDemoWorkspace(deps);
    try {
      expect(listConnections(db)).toHaveLength(2);
      expect(listConnections(db).every((c) => c.baseUrl.replace(/\/$/, '') === second.sandbox.url)).toBe(true);
      // Re-pointed through the audited path, with the credentials bound to the new origin.
      expect(listConnections(db).every((c) => c.credentialOrigin === second.sandbox.url)).toBe(true);
      expect((await secrets.get(DEMO_PAYG, 'apiKey'))?.origin).toBe(second.sandbox.url);
    } finally {
      await second.sandbox.close();
    }
  });

  it('puts the PAYG workbook beside the portal one', () => {
    expect(paygWorkbookPath('/x/demo.xlsx')).toBe('/x/demo-payg.xlsx');
    expect(paygWorkbookPath('/x/demo.XLSX')).toBe('/x/demo-payg.xlsx');
  });
});
