/**
 * Benchmark 1 — ingest: parse, validate and store response bodies (1,000,000 billing periods in
 * pages of 100; 100,000 provider-week rows), against a bare better-sqlite3 insert of the same rows
 * in one transaction. Target: within 3× of the bare insert. Also measured at 0.1× and at the
 * largest multiple up to 10× that fits the time budget (benchmark 5).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PORTAL_ROWS_PER_PROVIDER, checkPaygRendering, preparePaygReplay, preparePortalReplay, type ReplayInfo } from './datasets.ts';
import { measurePaired, pairedRow, runsFor } from './lib/measure.ts';
import { formatMs } from './lib/report.ts';
import type { BenchOptions, BenchRow, BenchSection, Benchmark } from './lib/types.ts';

const WORKER = fileURLToPath(new URL('./workers/ingest.ts', import.meta.url));
export const INGEST_RATIO_TARGET = 3;
/** Longest a candidate run at the largest size may be expected to take. */
const LARGE_BUDGET_MS = 40_000;

export interface SeriesSpec {
  kind: 'portal' | 'payg';
  series: string;
  /** Rows at 1×. */
  base: number;
}

export const SERIES: readonly SeriesSpec[] = [
  { kind: 'payg', series: 'billing periods', base: 1_000_000 },
  { kind: 'portal', series: 'provider-week rows', base: 100_000 },
];

/** Prepared replays, shared with the reconcile benchmark (same dirs, same caches). */
export async function replayFor(kind: 'portal' | 'payg', rows: number, workDir: string): Promise<ReplayInfo> {
  if (kind === 'payg') return preparePaygReplay(join(workDir, `replay-payg-${rows}`), rows);
  const providers = Math.max(1, Math.round(rows / PORTAL_ROWS_PER_PROVIDER));
  return preparePortalReplay(join(workDir, `replay-portal-${providers}`), providers);
}

/** A cache produced by the real sync from a replay: the input of the reconcile benchmark. */
export function cachePathFor(replay: ReplayInfo, workDir: string): string {
  return join(workDir, `cache-${replay.kind}-${replay.rows}.sqlite`);
}

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

async function measureSize(spec: SeriesSpec, rows: number, scale: number, runs: number, options: BenchOptions, notes: string[]): Promise<BenchRow | null> {
  const prepStart = performance.now();
  const replay = await replayFor(spec.kind, rows, options.workDir);
  process.stdout.write(`  ${spec.series} ×${scale}: ${replay.rows.toLocaleString('en')} rows in ${replay.requests} bodies (${(replay.bytes / 1e6).toFixed(0)} MB), prepared in ${formatMs(performance.now() - prepStart)}\n`);
  const keep = cachePathFor(replay, options.workDir);
  const scratch = join(options.workDir, `ingest-${spec.kind}-${replay.rows}-run.sqlite`);
  const baselineDb = join(options.workDir, `ingest-${spec.kind}-${replay.rows}-bare.sqlite`);
  let samples;
  try {
    samples = await measurePaired(
    { script: WORKER, args: { mode: 'candidate', replay, dbPath: scratch } },
    { script: WORKER, args: { mode: 'baseline', replay, dbPath: baselineDb } },
    runs,
    options,
    {},
    {
      before: (which) => removeDb(which === 'c' ? scratch : baselineDb),
      after: (which, run) => {
        // The first candidate's cache is kept: it is the reconcile benchmark's input.
        if (which === 'c' && run === 0) {
          removeDb(keep);
          renameSync(scratch, keep);
        }
      },
    },
  );
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown';
    writeFileSync(`${keep}.failed`, reason);
    notes.push(`${replay.rows.toLocaleString('en')} ${spec.series} (×${scale}): not measured — ${reason}.`);
    process.stdout.write(`  ✗ ${reason}\n`);
    return null;
  } finally {
    removeDb(scratch);
    removeDb(baselineDb);
  }
  const row = pairedRow(samples, {
    label: `${replay.rows.toLocaleString('en')} ${spec.series}`,
    series: spec.series,
    scale,
    count: replay.rows,
    checks: ({ ratio }) => [{ target: `≤ ${INGEST_RATIO_TARGET}× bare insert`, actual: `${ratio.median.toFixed(2)}×`, pass: ratio.median <= INGEST_RATIO_TARGET }],
    extra: (s) => {
      const perSec = (ms: number[]): string => {
        const sorted = [...ms].sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
        return `${Math.round((replay.rows / median) * 1000).toLocaleString('en')}/s`;
      };
      return { 'Rows/s': perSec(s.candidateMs), 'Bare rows/s': perSec(s.baselineMs) };
    },
  });
  return row;
}

export const benchmark: Benchmark = {
  name: 'ingest',
  async run(options) {
    const started = performance.now();
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    await checkPaygRendering(options.quick ? 10_000 : 100_000);
    for (const spec of SERIES) {
      const base = options.quick ? spec.base / 10 : spec.base;
      const small = await measureSize(spec, Math.round(base / 10), 0.1, runsFor(0.1, options), options, notes);
      if (small) rows.push(small);
      const main = small ? await measureSize(spec, base, 1, runsFor(1, options), options, notes) : null;
      if (!main) continue;
      rows.push(main);
      // The largest multiple up to 10× whose candidate run fits the budget, judged from 1×.
      const perRowMs = main.candidateMs.median / main.count;
      const fits = [10, 5, 3, 2].find((f) => perRowMs * base * f <= LARGE_BUDGET_MS);
      if (fits === undefined) {
        notes.push(`${spec.series}: no size above 1× fits the ${formatMs(LARGE_BUDGET_MS)} budget per run at ${(perRowMs * 1000).toFixed(1)} µs per row (10× would take ~${formatMs(perRowMs * base * 10)}).`);
      } else {
        if (fits < 10) notes.push(`${spec.series}: 10× would take ~${formatMs(perRowMs * base * 10)} per run; the largest size that fits the budget, ${fits}×, was measured instead.`);
        const large = await measureSize(spec, base * fits, fits, runsFor(10, options), options, notes);
        if (large) rows.push(large);
      }
    }
    notes.push(
      'Candidate = syncConnection over a replaying fetch (bodies from the sandbox generator, read from disk; the reads are timed and subtracted). It includes the HTTP client wrapper, zod validation, exact amounts, restatement checks, per-window transactions and the gzipped raw responses.',
      'Baseline = one prepared INSERT per row into the same table of a freshly migrated cache, one transaction, rows already parsed (parsing is not timed).',
    );
    return {
      name: 'ingest',
      title: '1. Ingest: parse, validate and store',
      candidate: 'the sync engine storing every page of a weekly two-year sync',
      baseline: 'bare better-sqlite3 insert of the same rows in one transaction',
      rows,
      notes,
      elapsedMs: performance.now() - started,
    } satisfies BenchSection;
  },
};
