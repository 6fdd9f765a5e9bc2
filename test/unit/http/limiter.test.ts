import { describe, expect, it } from 'vitest';
import { credentialKey, LimiterRegistry, SlidingWindowLimiter } from '../../../electron/core/http/limiter.ts';
import type { Sleep } from '../../../electron/core/deps.ts';

/** A clock that only moves when the code under test sleeps: deterministic time. */
function fakeTime(): { clock: () => number; sleep: Sleep; slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    clock: () => now,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(new Error('aborted'));
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
    slept,
  };
}

describe('sliding-window limiter', () => {
  it('lets max requests through, then waits until the oldest leaves the window', async () => {
    const t = fakeTime();
    const limiter = new SlidingWindowLimiter({ max: 3, windowMs: 1000 }, t.clock, t.sleep);
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) {
      const release = await limiter.acquire();
      starts.push(t.clock());
      release();
    }
    expect(starts.slice(0, 3)).toEqual([1_000_000, 1_000_000, 1_000_000]);
    // In any window of 1000 ms there are never more than 3 starts.
    for (let i = 3; i < starts.length; i++) expect((starts[i] ?? 0) - (starts[i - 3] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('counts a slot from the response, not the request: slow answers push the next ones later', async () => {
    const t = fakeTime();
    const limiter = new SlidingWindowLimiter({ max: 1, windowMs: 1000 }, t.clock, t.sleep);
    const release = await limiter.acquire();
    await t.sleep(400); // the response takes 400 ms
    release();
    const before = t.clock();
    (await limiter.acquire())();
    expect(t.clock() - before).toBe(1000);
  });

  it('reports the wait and honours a block after a 429', async () => {
    const t = fakeTime();
    const limiter = new SlidingWindowLimiter({ max: 10, windowMs: 60_000 }, t.clock, t.sleep);
    limiter.blockUntil(t.clock() + 2500);
    const waits: number[] = [];
    (await limiter.acquire({ onWait: (ms) => waits.push(ms) }))();
    expect(waits[0]).toBe(2500);
    expect(waits.at(-1)).toBe(0);
    expect(t.slept).toEqual([1000, 1000, 500]);
  });

  it('stops waiting when cancelled', async () => {
    const t = fakeTime();
    const limiter = new SlidingWindowLimiter({ max: 1, windowMs: 60_000 }, t.clock, t.sleep);
    (await limiter.acquire())();
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire({ signal: controller.signal })).rejects.toThrow(/cancelled/);
  });

  it('refuses a nonsensical limit', () => {
    const t = fakeTime();
    expect(() => new SlidingWindowLimiter({ max: 0, windowMs: 1000 }, t.clock, t.sleep)).toThrow();
  });

  it('is keyed by a hash of the credential, never the credential', () => {
    const key = credentialKey('portal', 'https://x.example', 'super-secret-key');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('super-secret-key');
    const t = fakeTime();
    const registry = new LimiterRegistry();
    const a = registry.get(key, { max: 10, windowMs: 60_000 }, t.clock, t.sleep);
    expect(registry.get(key, { max: 10, windowMs: 60_000 }, t.clock, t.sleep)).toBe(a);
    expect(registry.get(credentialKey('portal', 'https://x.example', 'other'), { max: 10, windowMs: 60_000 }, t.clock, t.sleep)).not.toBe(a);
  });
});
