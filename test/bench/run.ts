/**
 * `npm run bench` — node test/bench/run.ts [--only NAME[,NAME]] [--quick] [--runs N] [--verbose] [--profile]
 *
 * Runs each benchmark (one module per benchmark in this folder), prints its figures, and writes
 * bench-results/latest.json and a Markdown report. A full run (no --only, no --quick) writes the
 * report to docs/benchmarks.md, the committed one; partial runs write bench-results/benchmarks.md
 * so a smoke check never overwrites the real figures.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from './lib/machine.ts';
import { reportMarkdown, sectionMarkdown, formatMs } from './lib/report.ts';
import type { BenchOptions, BenchReport, BenchSection, Benchmark } from './lib/types.ts';
import { scaleSection } from './scale.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The order is the budget's: the sync's ~2.5 minutes are fixed, the rest is split.
const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  startup: async () => (await import('./startup.ts')).benchmark,
  ingest: async () => (await import('./ingest.ts')).benchmark,
  reconcile: async () => (await import('./reconcile.ts')).benchmark,
  export: async () => (await import('./export.ts')).benchmark,
  flow: async () => (await import('./flow.ts')).benchmark,
  sync: async () => (await import('./sync.ts')).benchmark,
  ui: async () => (await import('./ui.ts')).benchmark,
  team: async () => (await import('./team.ts')).benchmark,
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`node test/bench/run.ts [--only ${Object.keys(BENCHMARKS).join('|')}] [--quick] [--runs N] [--verbose] [--profile]\n`);
    return 0;
  }
  const only = values.only ? values.only.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean) : null;
  for (const name of only ?? []) {
    if (!(name in BENCHMARKS)) {
      process.stderr.write(`Unknown benchmark "${name}": choose from ${Object.keys(BENCHMARKS).join(', ')}.\n`);
      return 2;
    }
  }
  const runs = values.runs ? Number(values.runs) : 5;
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write('--runs needs a whole number of at least 1.\n');
    return 2;
  }
  const workDir = mkdtempSync(join(os.tmpdir(), 'concilia-bench-'));
  const resultsDir = join(root, 'bench-results');
  mkdirSync(resultsDir, { recursive: true });
  const profileDir = values.profile ? join(resultsDir, 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const options: BenchOptions = { quick: values.quick, runs, verbose: values.verbose, workDir, profileDir };

  const started = performance.now();
  const sections: BenchSection[] = [];
  try {
    for (const [name, load] of Object.entries(BENCHMARKS)) {
      if (only && !only.includes(name)) continue;
      process.stdout.write(`\n▶ ${name}\n`);
      const sectionStart = performance.now();
      let section: BenchSection;
      try {
        const benchmark = await load();
        section = await benchmark.run(options);
      } catch (error) {
        section = {
          name,
          title: name,
          candidate: '–',
          baseline: '–',
          rows: [],
          notes: [],
          error: error instanceof Error ? error.message : String(error),
          elapsedMs: performance.now() - sectionStart,
        };
      }
      sections.push(section);
      process.stdout.write(`${sectionMarkdown(section)}\n`);
    }
    const scale = scaleSection(sections);
    if (scale) {
      sections.push(scale);
      process.stdout.write(`${sectionMarkdown(scale)}\n`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  const report: BenchReport = {
    machine: machineInfo(),
    options: { quick: options.quick, runs, only },
    totalMs: performance.now() - started,
    sections,
  };
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  const full = !only && !options.quick;
  const mdPath = full ? join(root, 'docs', 'benchmarks.md') : join(resultsDir, 'benchmarks.md');
  mkdirSync(dirname(mdPath), { recursive: true });
  writeFileSync(mdPath, reportMarkdown(report));
  const missed = sections.flatMap((s) => s.rows.flatMap((r) => r.checks)).filter((c) => !c.pass).length;
  process.stdout.write(`\nDone in ${formatMs(report.totalMs)}: ${missed} target(s) missed. Wrote ${mdPath} and bench-results/latest.json.\n`);
  // A benchmark reports; it does not fail the build on a slow machine. Only a crash is an error.
  return sections.some((s) => s.error) ? 1 : 0;
}

process.exitCode = await main();
