/**
 * Benchmark 2 — reconcile 100,000 provider-week rows and 1,000,000 billing periods from the cache,
 * against one hand-written SQL aggregate over the same tables. Targets: under 1 s, within 2×.
 */
import { fileURLToPath } from 'node:url';
import { cacheFor, type BenchCache } from './caches.ts';
import { SERIES } from './ingest.ts';
import { measurePaired, pairedRow, runsFor } from './lib/measure.ts';
import type { BenchRow, Benchmark } from './lib/types.ts';

const WORKER = fileURLToPath(new URL('./workers/reconcile.ts', import.meta.url));
export const RECONCILE_MS_TARGET = 1000;
export const RECONCILE_RATIO_TARGET = 2;

function args(cache: BenchCache, mode: 'candidate' | 'baseline'): unknown {
  const r = cache.replay;
  return { mode, kind: r.kind, dbPath: cache.path, connection: cache.connection, from: r.from, to: r.to, now: r.nowMs };
}

export const benchmark: Benchmark = {
  name: 'reconcile',
  async run(options) {
    const started = performance.now();
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    for (const spec of SERIES) {
      const base = options.quick ? spec.base / 10 : spec.base;
      for (const scale of [0.1, 1, 10]) {
        let cache: BenchCache;
        try {
          cache = await cacheFor(spec.kind, Math.round(base * scale), options);
        } catch (error) {
          notes.push(`${spec.series} ×${scale}: no cache could be built — ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`);
          continue;
        }
        if (cache.source !== 'sync') notes.push(`${spec.series} ×${scale}: reconciled a cache filled by ${cache.source}.`);
        const runs = runsFor(scale, options);
        try {
          const samples = await measurePaired({ script: WORKER, args: args(cache, 'candidate') }, { script: WORKER, args: args(cache, 'baseline') }, runs, options);
          rows.push(
            pairedRow(samples, {
              label: `${cache.replay.rows.toLocaleString('en')} ${spec.series}`,
              series: spec.series,
              scale,
              count: cache.replay.rows,
              checks: ({ candidate, ratio }) =>
                scale === 1
                  ? [
                      { target: '< 1 s', actual: `${(candidate.median / 1000).toFixed(2)} s`, pass: candidate.median < RECONCILE_MS_TARGET },
                      { target: `≤ ${RECONCILE_RATIO_TARGET}× SQL aggregate`, actual: `${ratio.median.toFixed(2)}×`, pass: ratio.median <= RECONCILE_RATIO_TARGET },
                    ]
                  : [],
              extra: (s) => ({ 'Result rows': String(s.candidate[0]?.values.resultRows ?? '–') }),
            }),
          );
        } catch (error) {
          notes.push(`${spec.series} ×${scale}: not measured — ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`);
        }
      }
    }
    notes.push(
      'Each measurement is a fresh process opening the cache (SQLite page cache cold, OS file cache warm), as when a reconciliation is opened.',
      'Baseline: GROUP BY over portal_row (joined to its windows) per provider and week, ranked by |difference|; for PAYG, GROUP BY currency and week with the five status sums. Candidate: openPortal / openPayg (what reconcile:run and the export call), which also classify, check and rank every row into a temporary table, total the periods, collect findings, restatements, open items and sign-offs; the figures hash is read only by a sign-off or an export (benchmark 7 times it).',
    );
    return {
      name: 'reconcile',
      title: '2. Reconcile',
      candidate: 'openPortal (weekly, whole range) and openPayg (weekly, whole range): the lists kept in SQLite',
      baseline: 'one hand-written SQL aggregate over the same rows',
      rows,
      notes,
      elapsedMs: performance.now() - started,
    };
  },
};
