/**
 * The sync benchmark, in one process: a 24-month portal sync by month against a sandbox at the
 * portal's real rate limit, timed against the least time that limit allows; then an incremental
 * sync of the same range, which should ask for nothing (every window is fresh under the 300 s rule).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openCache } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { realSleep, systemClock } from '../../../electron/core/deps.ts';
import { MemorySecretStore } from '../../../electron/core/secrets.ts';
import { startSandbox } from '../../../electron/core/sandbox/index.ts';
import { syncConnection } from '../../../electron/core/sync/index.ts';
import { planWindows } from '../../../electron/core/sync/periods.ts';
import { log, reportResult, workerArgs } from '../lib/worker-io.ts';
import { withStore } from '../../support/review-store.ts';

interface Args {
  from: string;
  to: string;
  rateLimit: { max: number; windowMs: number };
}

const args = workerArgs<Args>();
const dir = mkdtempSync(join(os.tmpdir(), 'concilia-bench-sync-'));
const plan = planWindows(args.from, args.to, 'month', { maxDays: 93 });
const n = plan.length;

// Latency of one report request, measured on a twin sandbox without a limit so it costs the
// measured one nothing: the floor is the rate limit's waits plus the last request's own time.
const twin = await startSandbox({ rateLimit: { max: 1_000_000, windowMs: 1000 }, cacheTtlMs: 0 });
const latencies: number[] = [];
{
  const c = twin.credentials.portal.find((p) => p.hasReportPermission);
  for (const planned of plan) {
    const t = performance.now();
    const res = await fetch(`${twin.url}/apidev/v1/reports/portal/billing?startdate=${planned.window.start}&enddate=${planned.window.end}`, {
      headers: { Authorization: `Bearer ${c?.token ?? ''}`, 'X-API-Key': c?.apiKey ?? '', tenant: c?.tenant ?? '' },
    });
    await res.text();
    latencies.push(performance.now() - t);
  }
  await twin.close();
}
latencies.sort((a, b) => a - b);
const latencyMs = latencies[Math.floor(latencies.length / 2)] ?? 0;
const batches = Math.ceil(n / args.rateLimit.max);
// Requests 1..max go at once; each later batch waits one full window after the batch before it.
const floorMs = (batches - 1) * args.rateLimit.windowMs + latencyMs;

const sandbox = await startSandbox({ rateLimit: args.rateLimit });
const db = openCache(join(dir, 'cache.sqlite'));
const c = sandbox.credentials.portal.find((p) => p.tenant === 'acme-logistics' && p.hasReportPermission);
addConnection(db, { name: 'acme', kind: 'portal', baseUrl: sandbox.url, tenant: c?.tenant ?? '', currency: c?.currency ?? '' }, systemClock);
const secrets = new MemorySecretStore();
await secrets.set('acme', 'token', c?.token ?? '', sandbox.url);
await secrets.set('acme', 'apiKey', c?.apiKey ?? '', sandbox.url);
const deps = { db, reviews: withStore(db, systemClock).reviews, fetch: (input: string | URL, init?: RequestInit) => fetch(input, init), clock: systemClock, sleep: realSleep, secrets };
const limiter = args.rateLimit.windowMs === 60_000 && args.rateLimit.max === 10 ? undefined : args.rateLimit;

let waits = 0;
const start = performance.now();
const first = await syncConnection(deps, {
  connection: 'acme',
  from: args.from,
  to: args.to,
  period: 'month',
  ...(limiter ? { limiter } : {}),
  onProgress: (p) => {
    if (p.waitSeconds > 0) waits++;
  },
});
const ms = performance.now() - start;
const served429 = sandbox.stats.served429;
const portalRequests = sandbox.stats.requests.portal;
log(`first sync: ${first.outcome}, ${first.requests} requests, ${served429} × 429, ${(ms / 1000).toFixed(1)} s (floor ${(floorMs / 1000).toFixed(1)} s)`);

sandbox.resetStats();
const t2 = performance.now();
const second = await syncConnection(deps, { connection: 'acme', from: args.from, to: args.to, period: 'month', ...(limiter ? { limiter } : {}) });
const incrementalMs = performance.now() - t2;
log(`incremental sync: ${second.outcome}, ${second.requests} requests, ${second.windows.skippedFresh} windows fresh, ${incrementalMs.toFixed(0)} ms`);
const incrementalServed = sandbox.stats.requests.portal;

db.close();
await sandbox.close();
rmSync(dir, { recursive: true, force: true });
if (first.outcome !== 'ok') throw new Error(`The sync ended ${first.outcome}: ${first.errors.join(' | ')}`);
reportResult({
  ms,
  floorMs,
  latencyMs,
  windows: n,
  requests: first.requests,
  portalRequests,
  served429,
  waits,
  incrementalMs,
  incrementalRequests: second.requests,
  incrementalServed,
  incrementalFresh: second.windows.skippedFresh,
});
