/**
 * One measurement = one child process. Peak memory (maxRSS) is a high-water mark for a whole
 * process, so a figure is only honest when nothing else ran in that process before it: the
 * candidate and its baseline each get a fresh Node, and a big run never inflates a small one.
 *
 * Protocol: the parent runs `node WORKER '<json args>'`; the worker prints, as its last line,
 * `BENCH_RESULT <json>` (see worker-io.ts). Anything else it prints is passed through for logs.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MARK = 'BENCH_RESULT ';

export interface WorkerResult {
  /** What the worker measured (its own timings, in ms, and any counts). */
  values: Record<string, number>;
  /** process.resourceUsage().maxRSS at the worker's end, in MiB. */
  maxRssMB: number;
  /** Wall time of the whole child, startup and preparation included. */
  wallMs: number;
}

export interface RunWorkerOptions {
  timeoutMs?: number;
  /** Extra Node flags, e.g. --cpu-prof for a profile of the candidate. */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Echo the worker's stderr (progress) to ours. */
  verbose?: boolean;
  /** Kill the child when its resident memory passes this (MiB): a runaway must not take the machine down. */
  rssLimitMB?: number;
}

/** Default guard: well under this machine's RAM, far above any healthy measurement. */
export const DEFAULT_RSS_LIMIT_MB = 6144;

function residentMB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export class WorkerFailed extends Error {
  override name = 'WorkerFailed';
}

export function runWorker(script: string, args: unknown, options: RunWorkerOptions = {}): Promise<WorkerResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--disable-warning=ExperimentalWarning', script, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (options.verbose) process.stderr.write(chunk);
    });
    const limit = options.rssLimitMB ?? DEFAULT_RSS_LIMIT_MB;
    let overMemory = 0;
    const watchdog = setInterval(() => {
      const rss = child.pid ? residentMB(child.pid) : 0;
      if (rss > limit) {
        overMemory = rss;
        child.kill('SIGKILL');
      }
    }, 250);
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearInterval(watchdog);
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearInterval(watchdog);
      if (timer) clearTimeout(timer);
      const line = stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) {
        const why = overMemory > 0 ? `killed at ${overMemory.toFixed(0)} MB resident, past the ${limit} MB guard` : signal ? `killed by ${signal}${signal === 'SIGKILL' && options.timeoutMs ? ` (time limit ${options.timeoutMs} ms)` : ''}` : `exit code ${String(code)}`;
        const tail = (stderr.trim() || stdout.trim()).split('\n').slice(-8).join('\n');
        reject(new WorkerFailed(`${script.split('/').pop() ?? script} failed: ${why}\n${tail}`));
        return;
      }
      const parsed = JSON.parse(line.slice(MARK.length)) as { values: Record<string, number>; maxRssMB: number };
      resolve({ values: parsed.values, maxRssMB: parsed.maxRssMB, wallMs: performance.now() - started });
    });
  });
}
