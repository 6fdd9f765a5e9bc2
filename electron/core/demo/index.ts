/**
 * The one-command tour: the built-in sandbox on loopback, one connection of each kind pointing at
 * it, a year synced, reconciled and written to workbooks. The desktop app's "Open the demo
 * workspace" uses `openDemoWorkspace` (sandbox + connections + credentials, no sync); the command
 * line uses `runDemo` for the whole tour.
 *
 * The sandbox is told to allow many requests a second and the client's limiter is given the very
 * same limit, so the tour takes seconds instead of the minutes the real portal's 10 requests a
 * minute would need; the output says so, so nobody mistakes it for the real pace.
 */
import { dirname, join } from 'node:path';
import type { CacheDatabase } from '../cache/index.ts';
import { addConnection, getConnection, setConnectionUrl, type ConnectionKind } from '../connections/index.ts';
import type { Clock, FetchLike, Sleep } from '../deps.ts';
import { exportReconciliation, type ExportResult } from '../export/index.ts';
import type { RateLimit } from '../http/limiter.ts';
import { demoSays } from '../language/demo.ts';
import type { Language } from '../language/language.ts';
import { startSandbox, type Sandbox } from '../sandbox/index.ts';
import type { ReviewStore } from '../review/store.ts';
import type { SecretStore } from '../secrets.ts';
import { syncConnection, type SyncResult } from '../sync/index.ts';

export interface DemoDeps {
  /** The demo cache (never the user's real one). */
  db: CacheDatabase;
  /** The demo cache's review store. */
  reviews: ReviewStore;
  secrets: SecretStore;
  fetch: FetchLike;
  clock: Clock;
  sleep: Sleep;
}

export const DEMO_PORTAL = 'demo-portal';
export const DEMO_PAYG = 'demo-payg';
/** The year the tour syncs: inside the sandbox's data, and the same on every run. */
export const DEMO_FROM = '2025-01-01';
export const DEMO_TO = '2025-12-31';
/** Fast enough for a tour, and enforced on both sides: sandbox and client. */
export const DEMO_RATE_LIMIT: RateLimit = { max: 200, windowMs: 1000 };
/** Fixed, so the demo credentials (derived from it) stay valid for a workspace set up earlier. */
const DEMO_SEED = 42;

export interface DemoWorkspace {
  sandbox: Sandbox;
  connections: { name: string; kind: ConnectionKind }[];
  rateLimit: RateLimit;
}

/**
 * Start the sandbox and make the demo connections point at it, with their credentials in the
 * secret store. Existing demo connections are re-pointed (the sandbox's port changes per run).
 * The caller closes `sandbox` when done.
 */
export async function openDemoWorkspace(deps: DemoDeps): Promise<DemoWorkspace> {
  const sandbox = await startSandbox({ seed: DEMO_SEED, rateLimit: DEMO_RATE_LIMIT, clock: deps.clock });
  try {
    const portal = sandbox.credentials.portal.find((c) => c.hasReportPermission);
    if (!portal) throw new Error('The demo sandbox offers no portal tenant.');
    ensureConnection(deps, { name: DEMO_PORTAL, kind: 'portal', baseUrl: sandbox.url, tenant: portal.tenant, currency: portal.currency, toleranceAbsMinor: 0, tolerancePct: '0.5' });
    ensureConnection(deps, { name: DEMO_PAYG, kind: 'payg', baseUrl: sandbox.url });
    await deps.secrets.set(DEMO_PORTAL, 'token', portal.token, sandbox.url);
    await deps.secrets.set(DEMO_PORTAL, 'apiKey', portal.apiKey, sandbox.url);
    await deps.secrets.set(DEMO_PAYG, 'apiKey', sandbox.credentials.payg.apiKey, sandbox.url);
    return {
      sandbox,
      connections: [
        { name: DEMO_PORTAL, kind: 'portal' },
        { name: DEMO_PAYG, kind: 'payg' },
      ],
      rateLimit: DEMO_RATE_LIMIT,
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

function ensureConnection(
  deps: DemoDeps,
  input: { name: string; kind: ConnectionKind; baseUrl: string; tenant?: string; currency?: string; toleranceAbsMinor?: number; tolerancePct?: string },
): void {
  const exists = deps.db.prepare<[string], { kind: string }>('SELECT kind FROM connection WHERE name = ?').get(input.name);
  if (!exists) {
    addConnection(deps.db, input, deps.clock);
    return;
  }
  if (exists.kind !== input.kind) throw new Error(`The demo cache holds a ${exists.kind} connection named ${input.name}: use a fresh demo cache (--db).`);
  // The sandbox's port changes per run: the demo's credentials are set again right after.
  if (getConnection(deps.db, input.name).baseUrl !== input.baseUrl) setConnectionUrl(deps.db, input.name, input.baseUrl, { audit: deps.reviews });
}

export interface DemoOptions {
  /** The portal workbook; the PAYG one goes beside it with "-payg" added to the name. */
  out: string;
  appVersion: string;
  /** The language of the commentary and of the workbooks (default English). */
  language?: Language;
  signal?: AbortSignal;
  /** One line at a time, for the tour's running commentary. */
  onStep?: (message: string) => void;
}

export interface DemoStep {
  connection: string;
  kind: ConnectionKind;
  sync: SyncResult;
  export: ExportResult;
}

export interface DemoResult {
  sandboxUrl: string;
  from: string;
  to: string;
  rateLimit: RateLimit;
  steps: DemoStep[];
  elapsedMs: number;
}

/** Derived workbook name for the PAYG connection: demo.xlsx -> demo-payg.xlsx */
export function paygWorkbookPath(out: string): string {
  return out.toLowerCase().endsWith('.xlsx') ? `${out.slice(0, -5)}-payg.xlsx` : `${out}-payg.xlsx`;
}

export async function runDemo(deps: DemoDeps, options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const step = options.onStep ?? (() => undefined);
  const language = options.language ?? 'en';
  const says = demoSays(language);
  const workspace = await openDemoWorkspace(deps);
  try {
    step(says.sandbox(workspace.sandbox.url));
    step(says.pace(DEMO_RATE_LIMIT.max, DEMO_RATE_LIMIT.windowMs));
    const steps: DemoStep[] = [];
    for (const { name, kind } of workspace.connections) {
      const period = kind === 'portal' ? 'month' : 'week';
      step(says.syncing(name, kind, DEMO_FROM, DEMO_TO, period === 'week'));
      const sync = await syncConnection(deps, {
        connection: name,
        from: DEMO_FROM,
        to: DEMO_TO,
        period,
        limiter: DEMO_RATE_LIMIT,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (sync.outcome === 'failed' || sync.outcome === 'cancelled') {
        throw new Error(says.syncStopped(name, sync.outcome, sync.errors[0] ?? null));
      }
      const out = kind === 'portal' ? options.out : paygWorkbookPath(options.out);
      step(says.reconciling(name, out));
      const exported = await exportReconciliation(deps, {
        connection: name,
        from: DEMO_FROM,
        to: DEMO_TO,
        period,
        out,
        format: 'xlsx',
        appVersion: options.appVersion,
        language,
        now: deps.clock(),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      steps.push({ connection: name, kind, sync, export: exported });
    }
    return { sandboxUrl: workspace.sandbox.url, from: DEMO_FROM, to: DEMO_TO, rateLimit: DEMO_RATE_LIMIT, steps, elapsedMs: Date.now() - started };
  } finally {
    await workspace.sandbox.close();
  }
}

/** The demo cache beside the real one: the tour never touches the user's own figures. */
export function demoCachePath(defaultCache: string): string {
  return join(dirname(defaultCache), 'demo.sqlite');
}
