/**
 * Soak: a two-year weekly sync of both upstreams (~105 portal windows and ~105 PAYG windows)
 * through seeded random 5xx (HTML and JSON), 429 bursts, truncated and malformed bodies, slow
 * responses and dropped connections. Whatever the faults cost, the cache must end up equal to a
 * clean run's, to the minor unit, and equal to the generator's own answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { realSleep, systemClock } from '../../../electron/core/deps.ts';
import { MemorySecretStore } from '../../../electron/core/secrets.ts';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { syncConnection, type SyncResult } from '../../../electron/core/sync/index.ts';
import {
  FAST_LIMIT,
  billingFigures,
  cacheWithConnections,
  duplicatePortalRows,
  expectedBillingFigures,
  expectedPortalFigures,
  integrityCheck,
  portalFigures,
  tempDir,
  withoutApprovalRate,
} from './support.ts';
import { withStore } from '../../support/review-store.ts';

const FROM = '2024-11-18';
const TO = '2026-11-15';
const FAULTS = { latencyMs: 4, error5xxRate: 0.08, truncateRate: 0.05, malformedRate: 0.04, dropConnectionRate: 0.03, burst429: 0 } as const;
// Quick retries: the policy is the product's, only its delays are shortened for the test.
const HTTP = { timeoutMs: 5_000, retry: { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 1_500 } };

async function secretsFor(sandbox: Sandbox): Promise<MemorySecretStore> {
  const secrets = new MemorySecretStore();
  const credential = sandbox.credentials.portal.find((c) => c.tenant === 'acme-logistics' && c.hasReportPermission);
  await secrets.set('acme', 'token', credential?.token ?? '', sandbox.url);
  await secrets.set('acme', 'apiKey', credential?.apiKey ?? '', sandbox.url);
  await secrets.set('lms', 'apiKey', sandbox.credentials.payg.apiKey, sandbox.url);
  return secrets;
}

async function syncBoth(db: CacheDatabase, secrets: MemorySecretStore, onWindow?: (n: number) => void): Promise<SyncResult[]> {
  const deps = { db, reviews: withStore(db, systemClock).reviews, fetch: (input: string | URL, init?: RequestInit) => fetch(input, init), clock: systemClock, sleep: realSleep, secrets };
  const results: SyncResult[] = [];
  for (const connection of ['acme', 'lms']) {
    let windows = 0;
    results.push(
      await syncConnection(deps, {
        connection,
        from: FROM,
        to: TO,
        period: 'week',
        limiter: FAST_LIMIT,
        http: HTTP,
        onProgress: (p) => {
          if (p.windowsDone > windows) {
            windows = p.windowsDone;
            onWindow?.(windows);
          }
        },
      }),
    );
  }
  return results;
}

describe('soak: hundreds of windows through random faults', () => {
  let sandbox: Sandbox;
  const temp = tempDir('soak');

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 23, rateLimit: FAST_LIMIT });
  });

  afterAll(async () => {
    await sandbox.close();
    temp.cleanup();
  });

  it('ends with the same cache as a clean run, to the minor unit', async () => {
    const secrets = await secretsFor(sandbox);

    // Clean run first (no faults), as the reference.
    const cleanPath = join(temp.dir, 'clean.sqlite');
    cacheWithConnections(cleanPath, sandbox);
    const clean = openCache(cleanPath);
    const cleanResults = await syncBoth(clean, secrets);
    expect(cleanResults.map((r) => r.outcome)).toEqual(['ok', 'ok']);

    // The faulted run: a 429 burst lands every 25 windows on top of the random faults.
    sandbox.resetStats();
    sandbox.setFaults(FAULTS);
    const faultedPath = join(temp.dir, 'faulted.sqlite');
    cacheWithConnections(faultedPath, sandbox);
    const faulted = openCache(faultedPath);
    const attempts: string[][] = [];
    let windowsSynced = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const results = await syncBoth(faulted, secrets, () => {
        windowsSynced++;
        if (windowsSynced % 25 === 0) sandbox.setFaults({ burst429: 3 });
      });
      attempts.push(results.map((r) => r.outcome));
      // A window that failed after every retry is fetched again by the next run; the rest is kept.
      if (results.every((r) => r.outcome === 'ok')) break;
      for (const r of results) for (const e of r.errors) expect(e).toMatch(/failed|could not|cut|refused|answer|reach/i);
    }
    sandbox.setFaults({ latencyMs: 0, error5xxRate: 0, truncateRate: 0, malformedRate: 0, dropConnectionRate: 0, burst429: 0 });
    expect(attempts.at(-1)).toEqual(['ok', 'ok']);
    expect(windowsSynced).toBeGreaterThanOrEqual(200);

    // The faults really happened.
    const f = sandbox.stats.faults;
    expect(f.error5xx).toBeGreaterThan(5);
    expect(f.truncated).toBeGreaterThan(2);
    expect(f.malformed).toBeGreaterThan(2);
    expect(f.dropped).toBeGreaterThan(1);
    expect(f.burst429).toBeGreaterThan(3);

    try {
      expect(integrityCheck(faulted)).toBe('ok');
      expect(duplicatePortalRows(faulted)).toBe(0);
      const portal = portalFigures(faulted, 'acme');
      const billing = billingFigures(faulted, 'lms');
      expect(portal.length).toBeGreaterThan(3000);
      expect(billing.length).toBeGreaterThan(3000);
      expect(portal).toEqual(portalFigures(clean, 'acme'));
      expect(billing).toEqual(billingFigures(clean, 'lms'));
      // And both equal the generator's own answers.
      expect(withoutApprovalRate(portal)).toEqual(withoutApprovalRate(expectedPortalFigures(sandbox, 'acme-logistics', FROM, TO)));
      expect(billing.map(({ funding_source: _f, loan_name: _l, ...rest }) => rest)).toEqual(expectedBillingFigures(sandbox, FROM, TO));
      const quarantined = faulted.prepare<[], { n: number }>('SELECT count(*) AS n FROM quarantine').get();
      expect(quarantined?.n).toBe(0);
    } finally {
      faulted.close();
      clean.close();
    }
  }, 120_000);
});
