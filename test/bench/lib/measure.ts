/**
 * Paired measurements: candidate and baseline alternate, each in its own child, so a slow patch
 * of the machine hits both and the ratio stays put.
 */
import { runWorker, type RunWorkerOptions, type WorkerResult } from './child.ts';
import { pairedRatios, spread, type Spread } from './stats.ts';
import type { BenchOptions, BenchRow, Check } from './types.ts';

export interface WorkerCall {
  script: string;
  args: unknown;
  /** The value (in ms) the worker reports as the measured time. */
  key?: string;
}

export interface PairedSamples {
  candidate: WorkerResult[];
  baseline: WorkerResult[];
  candidateMs: number[];
  baselineMs: number[];
}

export interface PairHooks {
  /** Before each child (e.g. remove the previous run's database). */
  before?: (which: 'c' | 'b', run: number) => void;
  after?: (which: 'c' | 'b', run: number) => void;
}

export async function measurePaired(
  candidate: WorkerCall,
  baseline: WorkerCall,
  runs: number,
  options: BenchOptions,
  worker: RunWorkerOptions = {},
  hooks: PairHooks = {},
): Promise<PairedSamples> {
  const out: PairedSamples = { candidate: [], baseline: [], candidateMs: [], baselineMs: [] };
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first so neither always inherits a warmer page cache.
    const order = i % 2 === 0 ? (['c', 'b'] as const) : (['b', 'c'] as const);
    for (const which of order) {
      const call = which === 'c' ? candidate : baseline;
      const profile = which === 'c' && options.profileDir && i === 0 ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
      hooks.before?.(which, i);
      const result = await runWorker(call.script, call.args, { verbose: options.verbose, ...worker, nodeArgs: [...(worker.nodeArgs ?? []), ...profile] });
      hooks.after?.(which, i);
      const ms = result.values[call.key ?? 'ms'];
      if (ms === undefined) throw new Error(`${call.script} reported no "${call.key ?? 'ms'}" value.`);
      if (which === 'c') {
        out.candidate.push(result);
        out.candidateMs.push(ms);
      } else {
        out.baseline.push(result);
        out.baselineMs.push(ms);
      }
    }
  }
  return out;
}

export interface RowSpec {
  label: string;
  series?: string;
  scale?: number;
  count: number;
  checks: (figures: { candidate: Spread; baseline: Spread; ratio: Spread; rss: Spread; baselineRss: Spread }) => Check[];
  extra?: (samples: PairedSamples) => Record<string, string>;
}

export function pairedRow(samples: PairedSamples, spec: RowSpec): BenchRow {
  const candidate = spread(samples.candidateMs);
  const baseline = spread(samples.baselineMs);
  const ratio = pairedRatios(samples.candidateMs, samples.baselineMs);
  const rss = spread(samples.candidate.map((r) => r.maxRssMB));
  const baselineRss = spread(samples.baseline.map((r) => r.maxRssMB));
  return {
    label: spec.label,
    series: spec.series,
    scale: spec.scale,
    count: spec.count,
    candidateMs: candidate,
    baselineMs: baseline,
    ratio,
    candidateRssMB: rss,
    baselineRssMB: baselineRss,
    extra: spec.extra?.(samples),
    checks: spec.checks({ candidate, baseline, ratio, rss, baselineRss }),
  };
}

/** Runs at a size: all of them at the main size, fewer where one run takes minutes. */
export function runsFor(scale: number, options: BenchOptions): number {
  if (options.quick) return Math.min(options.runs, 2);
  if (scale >= 2) return 1;
  if (scale < 1) return Math.min(options.runs, 3);
  return options.runs;
}
