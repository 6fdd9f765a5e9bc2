/**
 * What the core needs from the world, passed in rather than imported, so every piece runs the
 * same under the desktop app, the command line, the browser harness and the tests.
 */

/** Milliseconds since the epoch. Tests pass a controllable clock. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** The subset of WHATWG fetch the connectors use (Node's global fetch satisfies it). */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Sleep that a cancel signal can cut short; tests may pass one tied to a fake clock. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('Cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('Cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** ISO-8601 UTC instant for a clock reading. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}
