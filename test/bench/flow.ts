/**
 * Benchmark 7 — open a reconciliation and export it, at scale, in one process through the
 * handlers the window calls: reconcile:run, the first reconcile:rows page, then export:run to a
 * workbook. 1,000,556 provider-week rows and 10,000,000 billing periods. Targets: peak RSS under
 * 400 MB; time within 1.25× of the code before the reconciliation moved into SQLite.
 *
 * The baseline is that earlier code itself, measured in the same run on the same caches: a
 * checkout of it (with its own node_modules) named by CONCILIA_BENCH_BASELINE. The worker loads
 * the handlers from whichever tree it is given. Without the variable, only the candidate runs.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheFor, type BenchCache } from './caches.ts';
import { runWorker, type WorkerResult } from './lib/child.ts';
import { formatMs } from './lib/report.ts';
import { spread } from './lib/stats.ts';
import type { BenchOptions, BenchRow, Benchmark, Check } from './lib/types.ts';

const WORKER = fileURLToPath(new URL('./workers/flow.ts', import.meta.url));
const HERE = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const FLOW_RSS_TARGET_MB = 400;
export const FLOW_RATIO_TARGET = 1.25;
/** A runaway baseline (the old code held every row) must not take the machine down. */
const RSS_GUARD_MB = 8192;

interface Size {
  kind: 'portal' | 'payg';
  rows: number;
  series: string;
  list: 'rows' | 'exceptions';
}

const SIZES: readonly Size[] = [
  { kind: 'portal', rows: 1_000_000, series: 'provider-week rows', list: 'rows' },
  { kind: 'payg', rows: 10_000_000, series: 'billing periods', list: 'exceptions' },
];

function call(root: string, cache: BenchCache, size: Size, out: string): unknown {
  const r = cache.replay;
  return { root, dbPath: cache.path, connection: cache.connection, from: r.from, to: r.to, period: r.period, list: size.list, now: r.nowMs, out };
}

const v = (result: WorkerResult | undefined, key: string): number => result?.values[key] ?? Number.NaN;

/** Reconcile and first page: what the window waits for. */
const opening = (result: WorkerResult | undefined): number => v(result, 'reconcileMs') + v(result, 'firstPageMs');

function stages(result: WorkerResult | undefined): string {
  if (!result) return '–';
  const exported = v(result, 'exported') === 1 ? `${formatMs(v(result, 'exportMs'))} (${v(result, 'exportRows').toLocaleString('en')} rows, ${v(result, 'sheets')} sheets)` : `failed after ${formatMs(v(result, 'exportMs'))}`;
  return `reconcile ${formatMs(v(result, 'reconcileMs'))}, first page ${formatMs(v(result, 'firstPageMs'))}, export ${exported}`;
}

async function measure(size: Size, cache: BenchCache, options: BenchOptions, baselineRoot: string | null): Promise<BenchRow> {
  const out = join(options.workDir, `flow-${size.kind}.xlsx`);
  const worker = { verbose: options.verbose, rssLimitMB: RSS_GUARD_MB };
  const candidate = await runWorker(WORKER, call(HERE, cache, size, out), worker);
  const baseline = baselineRoot ? await runWorker(WORKER, call(baselineRoot, cache, size, out), worker) : undefined;
  // Both exported: the whole flow is compared. The earlier code could not write a workbook past
  // Excel's row limit: then what both did, reconcile and first page, is.
  const bothExported = baseline !== undefined && v(baseline, 'exported') === 1 && v(candidate, 'exported') === 1;
  const timeOf = (r: WorkerResult | undefined): number => (bothExported || !baseline ? v(r, 'ms') : opening(r));
  const ratio = baseline ? timeOf(candidate) / timeOf(baseline) : Number.NaN;
  const compared = bothExported ? 'reconcile + first page + export' : 'reconcile + first page';
  const checks: Check[] = [{ target: `peak RSS < ${FLOW_RSS_TARGET_MB} MB`, actual: `${candidate.maxRssMB.toFixed(0)} MB`, pass: candidate.maxRssMB < FLOW_RSS_TARGET_MB }];
  if (v(candidate, 'exported') !== 1) checks.push({ target: 'workbook written', actual: 'failed', pass: false });
  if (baseline) checks.push({ target: `${compared} ≤ ${FLOW_RATIO_TARGET}× before`, actual: `${ratio.toFixed(2)}×`, pass: ratio <= FLOW_RATIO_TARGET });
  return {
    label: `${cache.replay.rows.toLocaleString('en')} ${size.series}`,
    series: `flow: ${size.series}`,
    count: cache.replay.rows,
    candidateMs: spread([timeOf(candidate)]),
    baselineMs: baseline ? spread([timeOf(baseline)]) : null,
    ratio: baseline ? spread([ratio]) : null,
    candidateRssMB: spread([candidate.maxRssMB]),
    ...(baseline ? { baselineRssMB: spread([baseline.maxRssMB]) } : {}),
    extra: {
      Compared: baseline ? compared : 'reconcile + first page + export',
      Candidate: stages(candidate),
      Before: baseline ? stages(baseline) : '–',
      File: `${(v(candidate, 'bytes') / 1e6).toFixed(1)} MB`,
    },
    checks,
  };
}

export const benchmark: Benchmark = {
  name: 'flow',
  async run(options) {
    const started = performance.now();
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const baselineRoot = process.env.CONCILIA_BENCH_BASELINE ? resolve(process.env.CONCILIA_BENCH_BASELINE) : null;
    if (baselineRoot && !existsSync(join(baselineRoot, 'electron', 'handlers', 'index.ts'))) {
      throw new Error(`CONCILIA_BENCH_BASELINE=${baselineRoot} is not a Concilia checkout (no electron/handlers/index.ts).`);
    }
    if (!baselineRoot) notes.push('No baseline: set CONCILIA_BENCH_BASELINE to a checkout of the earlier code (with its own npm ci) to measure it beside this one.');
    for (const size of SIZES) {
      const count = options.quick ? size.rows / 100 : size.rows;
      let cache: BenchCache;
      try {
        cache = await cacheFor(size.kind, count, options);
      } catch (error) {
        notes.push(`${size.series}: no cache could be built — ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`);
        continue;
      }
      if (cache.source !== 'sync') notes.push(`${size.series}: a cache filled by ${cache.source}.`);
      try {
        rows.push(await measure(size, cache, options, baselineRoot));
      } catch (error) {
        notes.push(`${size.series}: not measured — ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`);
      }
    }
    notes.push(
      'One run per side (a flow takes minutes at these sizes), each a fresh process: reconcile:run, the first reconcile:rows page (200 rows), then export:run to an xlsx, all through the handlers and the contract, as the window does. Peak RSS is the process’s maxRSS over the whole flow.',
      'Baseline: the code before this change (CONCILIA_BENCH_BASELINE), loaded from its own tree and run on the same caches. Where it could not write the workbook (Excel’s row limit), the times compared are reconcile + first page.',
    );
    return {
      name: 'flow',
      title: '7. Open and export at scale',
      candidate: 'reconcile:run, the first page and export:run in one process, the lists kept in SQLite',
      baseline: 'the same calls on the earlier code, which held every row in memory',
      rows,
      notes,
      elapsedMs: performance.now() - started,
    };
  },
};
