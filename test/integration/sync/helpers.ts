import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { realSleep, type Clock } from '../../../electron/core/deps.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../electron/core/sandbox/index.ts';
import { MemorySecretStore } from '../../../electron/core/secrets.ts';
import type { SyncDeps } from '../../../electron/core/sync/index.ts';
import { withStore } from '../../support/review-store.ts';

/** The sandbox and the client limiter share this fast window so a year of requests takes seconds. */
export const FAST_LIMIT = { max: 10, windowMs: 400 };
export const FAST_RETRY = { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 6 };

export interface World {
  dir: string;
  dbPath: string;
  db: CacheDatabase;
  sandbox: Sandbox;
  secrets: MemorySecretStore;
  deps: SyncDeps;
  /** Every secret value in play, for the "appears nowhere" checks. */
  secretValues: string[];
  close(): Promise<void>;
}

export async function makeWorld(options: SandboxOptions = {}, clock: Clock = Date.now): Promise<World> {
  const dir = mkdtempSync(join(os.tmpdir(), 'concilia-sync-'));
  const dbPath = join(dir, 'cache.sqlite');
  const sandbox = await startSandbox({ rateLimit: FAST_LIMIT, ...options });
  const db = openCache(dbPath);
  const secrets = new MemorySecretStore();
  const portal = sandbox.credentials.portal[0];
  if (!portal) throw new Error('the sandbox has no portal tenant');
  addConnection(db, { name: 'acme', kind: 'portal', baseUrl: sandbox.url, tenant: portal.tenant, currency: portal.currency }, clock);
  addConnection(db, { name: 'payg', kind: 'payg', baseUrl: sandbox.url }, clock);
  await secrets.set('acme', 'token', portal.token, sandbox.url);
  await secrets.set('acme', 'apiKey', portal.apiKey, sandbox.url);
  await secrets.set('payg', 'apiKey', sandbox.credentials.payg.apiKey, sandbox.url);
  const deps: SyncDeps = { db, reviews: withStore(db, clock).reviews, fetch: (input, init) => fetch(input, init), clock, sleep: realSleep, secrets };
  return {
    dir,
    dbPath,
    db,
    sandbox,
    secrets,
    deps,
    secretValues: [portal.token, portal.apiKey, sandbox.credentials.payg.apiKey],
    async close() {
      db.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface MinorSums {
  taskCount: number;
  invoicedMinor: number;
  providerMinor: number;
  paidMinor: number;
  pendingMinor: number;
}

/** Portal rows of one stored period, keyed by provider, as integers. */
export function storedPortalRows(db: CacheDatabase, periodStart: string, periodEnd: string): Map<string, MinorSums & { approvalRate: string; currency: string }> {
  const rows = db
    .prepare<[string, string], MinorSums & { providerId: string; approvalRate: string; currency: string }>(
      `SELECT provider_id AS providerId, currency, sum(task_count) AS taskCount, sum(invoiced_minor) AS invoicedMinor, sum(provider_minor) AS providerMinor,
              sum(paid_minor) AS paidMinor, sum(pending_minor) AS pendingMinor, max(approval_rate) AS approvalRate
         FROM portal_row WHERE period_start = ? AND period_end = ? GROUP BY provider_id, currency`,
    )
    .all(periodStart, periodEnd);
  return new Map(rows.map((r) => [r.providerId, r]));
}

export function hundredthsText(hundredths: number): string {
  return `${Math.trunc(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}
