import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, rateLedgerFor, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { SlidingWindowLimiter } from '../../../electron/core/http/limiter.ts';
import type { Sleep } from '../../../electron/core/deps.ts';

let dir: string;
let a: CacheDatabase;
let b: CacheDatabase;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'concilia-ledger-'));
  // Two connections to one file: two processes, as far as SQLite is concerned.
  a = openCache(join(dir, 'c.sqlite'));
  b = openCache(join(dir, 'c.sqlite'));
});
afterEach(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

const LIMIT = { max: 3, windowMs: 1000 };

describe('the rate ledger shared through the cache', () => {
  it('gives out max slots per window across connections, then says how long to wait', () => {
    const now = 1_000_000;
    const one = rateLedgerFor(a);
    const two = rateLedgerFor(b);
    const s1 = one.reserve('k', LIMIT, now, now + 5000);
    const s2 = two.reserve('k', LIMIT, now, now + 5000);
    const s3 = one.reserve('k', LIMIT, now, now + 5000);
    expect([s1, s2, s3].every((s) => 'slot' in s)).toBe(true);
    // In flight, a slot counts until the latest its answer may come (+ the window).
    expect(two.reserve('k', LIMIT, now, now + 5000)).toEqual({ waitMs: 6000 });
    // Answers arrived at +200 ms: the window ends 1 s after the oldest arrival.
    for (const s of [s1, s2, s3]) if ('slot' in s) one.settle(s.slot, now + 200);
    expect(two.reserve('k', LIMIT, now + 300, now + 5300)).toEqual({ waitMs: 900 });
    expect('slot' in two.reserve('k', LIMIT, now + 1200, now + 6200)).toBe(true);
    // Another credential has its own window.
    expect('slot' in two.reserve('other', LIMIT, now, now + 5000)).toBe(true);
  });

  it('a 429 on one connection pauses the other', () => {
    const now = 2_000_000;
    rateLedgerFor(a).block('k', now + 4000);
    expect(rateLedgerFor(b).reserve('k', LIMIT, now, now + 5000)).toEqual({ waitMs: 4000 });
  });

  it('paces two limiters on two connections as one', async () => {
    let now = 3_000_000;
    const sleep: Sleep = (ms) => {
      now += ms;
      return Promise.resolve();
    };
    const clock = (): number => now;
    const first = new SlidingWindowLimiter(LIMIT, clock, sleep, { ledger: rateLedgerFor(a), key: 'k' });
    const second = new SlidingWindowLimiter(LIMIT, clock, sleep, { ledger: rateLedgerFor(b), key: 'k' });
    const starts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const release = await (i % 2 === 0 ? first : second).acquire();
      starts.push(now);
      release();
    }
    for (let i = 3; i < starts.length; i++) expect((starts[i] ?? 0) - (starts[i - 3] ?? 0)).toBeGreaterThanOrEqual(LIMIT.windowMs);
  });

  it('paces alone when the ledger cannot be written', async () => {
    const ledger = rateLedgerFor(a);
    a.pragma('query_only = ON');
    let now = 4_000_000;
    const limiter = new SlidingWindowLimiter(LIMIT, () => now, (ms) => {
      now += ms;
      return Promise.resolve();
    }, { ledger, key: 'k' });
    const release = await limiter.acquire();
    release();
    a.pragma('query_only = OFF');
    expect(now).toBe(4_000_000);
  });
});
