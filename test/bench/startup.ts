/**
 * Benchmark — how fast `concilia` starts, beside `node -e 0` in the same run: `--help`, `status`
 * and `reconcile --json` on a small cache (one portal connection, one quarter synced from the
 * sandbox). Each measurement is one fresh process, spawn to exit, as a closing script runs it.
 * Targets: `--help` and `status` within 2.5× of `node -e 0`; `reconcile --json` under 0.25 s.
 * The CLI runs as `npm install` leaves it: the built bundle (out/cli/); the same commands from
 * the TypeScript sources (development) are measured too, for comparison, without a target.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../electron/core/sandbox/index.ts';
import { pairedRatios, spread } from './lib/stats.ts';
import type { BenchRow, Benchmark, BenchOptions, Check } from './lib/types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/concilia.js');
export const STARTUP_RATIO_TARGET = 2.5;
export const RECONCILE_SMALL_MS_TARGET = 250;
const FROM = '2025-01-01';
const TO = '2025-03-31';

interface Invocation {
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** Wall time of one process, spawn to exit; fails when the command does. */
function timeProcess(invocation: Invocation): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, invocation.args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...invocation.env } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${invocation.args.join(' ')} exited with ${String(code)}: ${stderr.trim().split('\n')[0] ?? ''}`));
    });
  });
}

function runCliOnce(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return timeProcess({ args: [BIN, ...args], env });
}

/** A cache with one portal connection and one quarter of monthly windows, synced by the CLI itself. */
async function smallCache(options: BenchOptions): Promise<{ dbPath: string; env: NodeJS.ProcessEnv }> {
  const dbPath = join(options.workDir, 'startup.sqlite');
  const sandbox = await startSandbox({ rateLimit: { max: 10, windowMs: 250 } });
  try {
    const credential = sandbox.credentials.portal.find((c) => c.hasReportPermission);
    if (!credential) throw new Error('The sandbox offers no portal credential with the report permission.');
    const env = { CONCILIA_DB: dbPath, CONCILIA_TOKEN: credential.token, CONCILIA_API_KEY: credential.apiKey, CONCILIA_RATE_LIMIT: '10/250' };
    await runCliOnce(['source', 'add', 'acme', '--kind', 'portal', '--base-url', sandbox.url, '--tenant', credential.tenant, '--currency', credential.currency], env);
    await runCliOnce(['sync', 'acme', '--from', FROM, '--to', TO, '--period', 'month'], env);
    return { dbPath, env: { CONCILIA_DB: dbPath } };
  } finally {
    await sandbox.close();
  }
}

interface Case {
  label: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  checks: (medians: { ms: number; ratio: number }) => Check[];
}

function ratioCheck({ ratio }: { ratio: number }): Check[] {
  return [{ target: `≤ ${STARTUP_RATIO_TARGET}× node -e 0`, actual: `${ratio.toFixed(2)}×`, pass: ratio <= STARTUP_RATIO_TARGET }];
}

/** Each case beside `node -e 0`, alternating which goes first, so both see the same machine. */
async function measureBeside(cases: readonly Case[], runs: number): Promise<BenchRow[]> {
  const node: Invocation = { args: ['-e', '0'] };
  const samples = cases.map(() => ({ candidate: [] as number[], baseline: [] as number[] }));
  // One warm-up of each (the OS file cache), not counted.
  for (const c of cases) await runCliOnce(c.args, c.env ?? {});
  await timeProcess(node);
  for (let run = 0; run < runs; run++) {
    for (const [index, c] of cases.entries()) {
      const sample = samples[index]!;
      if (run % 2 === 0) {
        sample.baseline.push(await timeProcess(node));
        sample.candidate.push(await runCliOnce(c.args, c.env ?? {}));
      } else {
        sample.candidate.push(await runCliOnce(c.args, c.env ?? {}));
        sample.baseline.push(await timeProcess(node));
      }
    }
  }
  return cases.map((c, index) => {
    const { candidate, baseline } = samples[index]!;
    const candidateMs = spread(candidate);
    const ratio = pairedRatios(candidate, baseline);
    return { label: c.label, count: 0, candidateMs, baselineMs: spread(baseline), ratio, checks: c.checks({ ms: candidateMs.median, ratio: ratio.median }) };
  });
}

export const benchmark: Benchmark = {
  name: 'startup',
  async run(options) {
    const started = performance.now();
    const notes: string[] = [];
    if (!existsSync(join(ROOT, 'out/cli/concilia.js'))) {
      throw new Error('The command line is not built (out/cli/concilia.js is missing): run npm run build first.');
    }
    const cache = await smallCache(options);
    const reconcileArgs = ['reconcile', 'acme', '--from', FROM, '--to', TO, '--json'];
    const bundled: Case[] = [
      { label: 'concilia --help', args: ['--help'], checks: ratioCheck },
      { label: 'concilia status acme', args: ['status', 'acme'], env: cache.env, checks: ratioCheck },
      {
        label: `concilia ${reconcileArgs.join(' ')}`,
        args: reconcileArgs,
        env: cache.env,
        checks: ({ ms }) => [{ target: `< ${RECONCILE_SMALL_MS_TARGET / 1000} s`, actual: `${(ms / 1000).toFixed(3)} s`, pass: ms < RECONCILE_SMALL_MS_TARGET }],
      },
    ];
    const runs = options.quick ? 5 : Math.max(15, options.runs * 3);
    const rows = await measureBeside(bundled, runs);
    // The bundle must really be what ran: a stale one falls back to the sources, and would be slow.
    const fromSources = { CONCILIA_CLI_FROM: 'sources' };
    const sourceRows = await measureBeside(
      [
        { label: 'from the sources: concilia --help', args: ['--help'], env: fromSources, checks: () => [] },
        { label: 'from the sources: concilia status acme', args: ['status', 'acme'], env: { ...cache.env, ...fromSources }, checks: () => [] },
      ],
      options.quick ? 2 : 3,
    );
    notes.push(
      `Each figure is the median of ${runs} fresh processes (spawn to exit), alternating with \`node -e 0\`; the ratio pairs each run with the \`node -e 0\` beside it.`,
      `The small cache: one portal connection, ${FROM} to ${TO} in monthly windows, synced from the sandbox by the CLI.`,
      'Rows "from the sources" run the TypeScript sources (CONCILIA_CLI_FROM=sources, as in development, before `npm run build`): no target, for comparison.',
    );
    return {
      name: 'startup',
      title: '7. Start-up of the command line',
      candidate: 'node bin/concilia.js … (the built bundle, out/cli/)',
      baseline: 'node -e 0, in the same run',
      rows: [...rows, ...sourceRows],
      notes,
      elapsedMs: performance.now() - started,
    };
  },
};
