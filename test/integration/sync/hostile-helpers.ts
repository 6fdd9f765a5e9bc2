import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { realSleep } from '../../../electron/core/deps.ts';
import { MemorySecretStore } from '../../../electron/core/secrets.ts';
import { syncConnection, type SyncDeps, type SyncParams, type SyncResult } from '../../../electron/core/sync/index.ts';
import { startHostileUpstream, type HostileOptions, type HostileUpstream } from '../../support/hostile-upstream.ts';
import { withStore } from '../../support/review-store.ts';

/** No pacing worth the name: these tests are about what comes back, not how fast we ask. */
export const NO_PACING = { max: 1000, windowMs: 1000 };
export const QUICK_RETRY = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 };

export interface HostileWorld {
  dir: string;
  dbPath: string;
  db: CacheDatabase;
  upstream: HostileUpstream;
  deps: SyncDeps;
  secretValues: string[];
  /** A PAYG sync of `lms` over March 2025 (one window), honest pacing off. */
  syncPayg(over?: Partial<SyncParams>): Promise<SyncResult>;
  syncPortal(over?: Partial<SyncParams>): Promise<SyncResult>;
  close(): Promise<void>;
}

export async function hostileWorld(options: HostileOptions = {}, clock: () => number = Date.now): Promise<HostileWorld> {
  const dir = mkdtempSync(join(os.tmpdir(), 'concilia-hostile-'));
  const dbPath = join(dir, 'cache.sqlite');
  const upstream = await startHostileUpstream(options);
  const db = openCache(dbPath);
  addConnection(db, { name: 'lms', kind: 'payg', baseUrl: upstream.url }, clock);
  addConnection(db, { name: 'portal', kind: 'portal', baseUrl: upstream.url, tenant: upstream.portal.tenant, currency: upstream.portal.currency }, clock);
  const secrets = new MemorySecretStore();
  await secrets.set('lms', 'apiKey', upstream.paygKey, upstream.url);
  await secrets.set('portal', 'token', upstream.portal.token, upstream.url);
  await secrets.set('portal', 'apiKey', upstream.portal.apiKey, upstream.url);
  const deps: SyncDeps = { db, reviews: withStore(db, clock).reviews, fetch: (input, init) => fetch(input, init), clock, sleep: realSleep, secrets };
  const base = { from: '2025-03-01', to: '2025-03-31', period: 'month' as const, limiter: NO_PACING, http: { retry: QUICK_RETRY, timeoutMs: 5_000 } };
  return {
    dir,
    dbPath,
    db,
    upstream,
    deps,
    secretValues: [upstream.paygKey, upstream.portal.token, upstream.portal.apiKey],
    syncPayg: (over = {}) => syncConnection(deps, { connection: 'lms', ...base, ...over }),
    syncPortal: (over = {}) => syncConnection(deps, { connection: 'portal', ...base, ...over }),
    async close() {
      db.close();
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface StoredPeriod {
  id: number;
  amount_minor: number;
  status: string;
  start_date: string;
}

export function storedPeriods(db: CacheDatabase): Map<number, StoredPeriod> {
  const rows = db.prepare<[], StoredPeriod>("SELECT id, amount_minor, status, start_date FROM billing_period WHERE connection_id = (SELECT id FROM connection WHERE name = 'lms') ORDER BY id").all();
  return new Map(rows.map((r) => [r.id, r]));
}

/** "125000.00" → 12500000 (two-decimal currencies, as the generator's are). */
export function minorOf(text: string): number {
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function windowOf(db: CacheDatabase, connection = 'lms'): { status: string; error: string | null; synced_at: string | null } | undefined {
  return db
    .prepare<[string], { status: string; error: string | null; synced_at: string | null }>(
      'SELECT status, error, synced_at FROM sync_window WHERE connection_id = (SELECT id FROM connection WHERE name = ?) ORDER BY id DESC LIMIT 1',
    )
    .get(connection);
}
