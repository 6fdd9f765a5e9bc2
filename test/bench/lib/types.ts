import type { MachineInfo } from './machine.ts';
import type { Spread } from './stats.ts';

/** A target and whether this run met it. */
export interface Check {
  /** "< 1 s", "≤ 3× baseline", "peak RSS < 400 MB". */
  target: string;
  /** What was measured, in the target's terms. */
  actual: string;
  pass: boolean;
}

/** One size of one benchmark: the candidate beside its baseline, measured on the same rows. */
export interface BenchRow {
  label: string;
  /** Which dataset the row belongs to ("billing periods") and its size relative to the target size (0.1, 1, 10). */
  series?: string;
  scale?: number;
  /** Rows (or requests) the figure is about, for time per row. */
  count: number;
  candidateMs: Spread;
  baselineMs: Spread | null;
  /** Candidate ÷ baseline, paired run by run. */
  ratio: Spread | null;
  candidateRssMB?: Spread;
  baselineRssMB?: Spread;
  /** Anything else worth a column (429s, requests, frame p95…), already formatted. */
  extra?: Record<string, string>;
  checks: Check[];
}

export interface BenchSection {
  name: string;
  title: string;
  /** What the candidate and the baseline each do, in one sentence each. */
  candidate: string;
  baseline: string;
  rows: BenchRow[];
  notes: string[];
  /** Set when the benchmark could not run at all (a module missing, a crash). */
  error?: string;
  elapsedMs: number;
}

export interface BenchOptions {
  quick: boolean;
  /** Measured runs per size (fewer at the largest sizes). */
  runs: number;
  verbose: boolean;
  /** Scratch folder for datasets and caches; removed at the end. */
  workDir: string;
  /** Write CPU profiles of candidate runs here (node --cpu-prof). */
  profileDir?: string;
}

export interface BenchReport {
  machine: MachineInfo;
  options: { quick: boolean; runs: number; only: string[] | null };
  totalMs: number;
  sections: BenchSection[];
}

export interface Benchmark {
  name: string;
  run(options: BenchOptions): Promise<BenchSection>;
}
