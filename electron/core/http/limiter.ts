import { createHash } from 'node:crypto';
import type { Clock, Sleep } from '../deps.ts';
import { CancelledError } from './errors.ts';

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Documented portal limit: 10 requests per minute, sliding window. */
export const PORTAL_RATE_LIMIT: RateLimit = { max: 10, windowMs: 60_000 };
/** PAYG documents no limit; two a second keeps us polite without slowing paging much. */
export const PAYG_RATE_LIMIT: RateLimit = { max: 120, windowMs: 60_000 };

export interface AcquireOptions {
  signal?: AbortSignal;
  /** Called while waiting, with the milliseconds still to wait (0 when the wait ends). */
  onWait?: (remainingMs: number) => void;
}

/** Release a slot once the response has arrived; see SlidingWindowLimiter. */
export type Release = () => void;

/**
 * Client-side sliding-window limiter.
 *
 * A slot is stamped with the time its response *arrived*, not the time the request left: the
 * server saw the request no later than that, so "stamp + window ≤ now" guarantees the server's own
 * window has moved past it too, whatever the network latency. That is what lets a whole-year sync
 * draw no 429 at all instead of merely few.
 */
export class SlidingWindowLimiter {
  readonly limit: RateLimit;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  /** One entry per slot in use: the arrival time, or Infinity while the request is in flight. */
  private readonly slots: { at: number }[] = [];
  private blockedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(limit: RateLimit, clock: Clock, sleep: Sleep) {
    if (!Number.isInteger(limit.max) || limit.max < 1 || !(limit.windowMs > 0)) {
      throw new RangeError('A rate limit needs at least one request per positive window.');
    }
    this.limit = limit;
    this.clock = clock;
    this.sleep = sleep;
  }

  /** Wait for a free slot (callers are served in order) and take it. */
  acquire(options: AcquireOptions = {}): Promise<Release> {
    const turn = this.queue.then(() => this.waitForSlot(options));
    // The next caller waits for this one to get its slot, not for its request to finish.
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** After a 429: nobody sends anything until `untilMs`. */
  blockUntil(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
  }

  /** Milliseconds until a slot would be free now (0 = free). */
  delayMs(): number {
    const now = this.clock();
    this.prune(now);
    let wait = Math.max(0, this.blockedUntil - now);
    if (this.slots.length >= this.limit.max) {
      const oldest = Math.min(...this.slots.map((s) => s.at));
      wait = Math.max(wait, oldest === Infinity ? this.limit.windowMs : oldest + this.limit.windowMs - now);
    }
    return wait;
  }

  private async waitForSlot(options: AcquireOptions): Promise<Release> {
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError();
      const wait = this.delayMs();
      if (wait <= 0) break;
      options.onWait?.(wait);
      // Sleep in short steps so progress can count down and an in-flight slot freed early is seen.
      try {
        await this.sleep(Math.min(wait, 1000), options.signal);
      } catch {
        throw new CancelledError();
      }
    }
    options.onWait?.(0);
    const slot = { at: Infinity };
    this.slots.push(slot);
    return () => {
      if (slot.at === Infinity) slot.at = this.clock();
    };
  }

  private prune(now: number): void {
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const at = this.slots[i]?.at ?? 0;
      if (at !== Infinity && at + this.limit.windowMs <= now) this.slots.splice(i, 1);
    }
  }
}

/** Never the credential itself: limiters are keyed by a one-way hash of it. */
export function credentialKey(kind: string, origin: string, credential: string): string {
  return createHash('sha256').update(`${kind}\u0000${origin}\u0000${credential}`).digest('hex');
}

/**
 * Limiters shared per upstream credential, so two syncs of connections using the same key (in one
 * process) share one budget.
 */
export class LimiterRegistry {
  // Per clock, so a test on a fake clock never shares slots with one on the real clock.
  private readonly byClock = new WeakMap<Clock, Map<string, SlidingWindowLimiter>>();

  get(key: string, limit: RateLimit, clock: Clock, sleep: Sleep): SlidingWindowLimiter {
    let limiters = this.byClock.get(clock);
    if (!limiters) {
      limiters = new Map();
      this.byClock.set(clock, limiters);
    }
    const id = `${key}:${limit.max}/${limit.windowMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new SlidingWindowLimiter(limit, clock, sleep);
      limiters.set(id, limiter);
    }
    return limiter;
  }
}

export const sharedLimiters = new LimiterRegistry();
