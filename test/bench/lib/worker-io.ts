/** The worker's half of the protocol in child.ts. */

export function workerArgs<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('A bench worker needs its arguments as one JSON string.');
  return JSON.parse(raw) as T;
}

/** Print the result line; peak RSS is read here, at the very end, so it covers the whole run. */
export function reportResult(values: Record<string, number>): void {
  // maxRSS is in kibibytes on Linux and macOS.
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify({ values, maxRssMB })}\n`);
}

/** Milliseconds taken by fn (sync or async). */
export async function timed(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function log(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}
