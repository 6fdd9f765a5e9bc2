/**
 * Summary statistics for benchmark samples. Medians and quartiles rather than means: one run
 * slowed by the machine doing something else should not move the figure we report.
 */

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** First and third quartiles (linear interpolation, as numpy's default). */
  q1: number;
  q3: number;
  n: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] ?? Number.NaN;
  const b = sorted[upper] ?? Number.NaN;
  return a + (b - a) * (position - lower);
}

export function spread(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    n: sorted.length,
  };
}

/** Candidate ÷ baseline, per run, summarised: pairing runs cancels the noise the two shared. */
export function pairedRatios(candidate: readonly number[], baseline: readonly number[]): Spread {
  const n = Math.min(candidate.length, baseline.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = candidate[i] ?? Number.NaN;
    const b = baseline[i] ?? Number.NaN;
    ratios.push(b > 0 ? c / b : Number.NaN);
  }
  return spread(ratios);
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
