/**
 * One "open a reconciliation and export it" measurement, in its own process, through the very
 * handlers the window calls: reconcile:run, the first reconcile:rows page, then export:run to a
 * workbook (each answer checked against the contract, as in the app). Its peak RSS is the whole
 * flow's.
 *
 * `root` is the source tree to measure: this one (the candidate) or a checkout of an earlier
 * commit (the baseline, "today's" code), loaded from there with its own node_modules. Only the
 * handler channels are used, so both trees answer the same calls.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { log, reportResult, workerArgs } from '../lib/worker-io.ts';

interface Args {
  root: string;
  dbPath: string;
  connection: string;
  from: string;
  to: string;
  period: 'week' | 'month' | 'range';
  list: 'rows' | 'exceptions';
  now: number;
  out: string;
}

interface Answer {
  ok: boolean;
  value?: unknown;
  error?: { message: string; kind: string };
}

type Dispatch = (handlers: unknown, channel: string, input: unknown, options?: unknown) => Promise<Answer>;

const args = workerArgs<Args>();
const load = (path: string): Promise<Record<string, unknown>> => import(pathToFileURL(join(args.root, path)).href) as Promise<Record<string, unknown>>;
const handlersModule = await load('electron/handlers/index.ts');
const cacheModule = await load('electron/core/cache/index.ts');
const secretsModule = await load('electron/core/secrets.ts');
const reviewModule = await load('electron/core/review/index.ts');
const createHandlers = handlersModule.createHandlers as (deps: unknown) => { handlers: unknown; dispose(): Promise<void> };
const dispatch = handlersModule.dispatch as Dispatch;
const openCache = cacheModule.openCache as (path: string) => { close(): void };
const MemorySecretStore = secretsModule.MemorySecretStore as new () => unknown;

rmSync(args.out, { force: true });
const db = openCache(args.dbPath);
const clock = (): number => args.now;
// Trees since the review store came in are given it; earlier ones read reviews from the cache themselves.
const createStore = reviewModule.createSqliteReviewStore as ((db: unknown, clock: () => number) => unknown) | undefined;
const set = createHandlers({
  db,
  ...(createStore ? { reviews: createStore(db, clock) } : {}),
  fetch: () => Promise.reject(new Error('no network in this benchmark')),
  clock,
  sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
  secrets: new MemorySecretStore(),
  platform: {
    chooseSavePath: () => Promise.resolve(args.out),
    showInFolder: () => Promise.resolve(),
    secretProtection: () => Promise.resolve('memory'),
    openExternal: () => Promise.resolve(false),
  },
  emit: () => undefined,
  app: { name: 'Concilia', version: '0.0.0-bench', platform: process.platform, runtime: 'harness', cachePath: args.dbPath },
});

async function call(channel: string, input: unknown): Promise<Answer> {
  const answer = await dispatch(set.handlers, channel, input, { log: (message: string) => log(message) });
  if (!answer.ok) log(`${channel}: ${answer.error?.kind ?? '?'} — ${answer.error?.message ?? ''}`);
  return answer;
}

const range = { connection: args.connection, from: args.from, to: args.to, period: args.period };
const t0 = performance.now();
const run = await call('reconcile:run', range);
if (!run.ok) throw new Error(`reconcile:run failed: ${run.error?.message ?? ''}`);
const summary = run.value as { view: { id: string; rowCount: number; exceptionCount: number; openItemCount: number } };
const t1 = performance.now();
const page = await call('reconcile:rows', { viewId: summary.view.id, list: args.list, offset: 0, limit: 200 });
if (!page.ok) throw new Error(`reconcile:rows failed: ${page.error?.message ?? ''}`);
const firstRows = (page.value as { rows: unknown[] }).rows.length;
const t2 = performance.now();
const exported = await call('export:run', { ...range, format: 'xlsx' });
const t3 = performance.now();
const written = exported.ok ? (exported.value as { rows: number; sheets: string[] }) : null;
const bytes = written ? statSync(args.out).size : 0;
rmSync(args.out, { force: true });
await set.dispose();
db.close();

const reconcileMs = t1 - t0;
const firstPageMs = t2 - t1;
const exportMs = t3 - t2;
log(
  `reconcile:run ${reconcileMs.toFixed(0)} ms (${summary.view.rowCount} rows, ${summary.view.exceptionCount} exceptions), first page ${firstPageMs.toFixed(0)} ms (${firstRows} rows), ` +
    `export ${exportMs.toFixed(0)} ms ${written ? `(${written.rows} rows, ${written.sheets.length} sheets, ${(bytes / 1e6).toFixed(1)} MB)` : '(failed)'}`,
);
reportResult({
  ms: t3 - t0,
  reconcileMs,
  firstPageMs,
  exportMs,
  exported: written ? 1 : 0,
  exportRows: written?.rows ?? 0,
  sheets: written?.sheets.length ?? 0,
  bytes,
  rows: summary.view.rowCount,
  exceptions: summary.view.exceptionCount,
  openItems: summary.view.openItemCount,
});
