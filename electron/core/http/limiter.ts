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
  /**
   * The longest the request may take (its deadline). Other processes count the slot as ending
   * then until the response actually arrives: never earlier than the server may see it.
   */
  holdMs?: number;
}

/**
 * Request times kept where every process using the cache sees them (cache/rate-ledger.ts), so two
 * syncs of one credential at once share one budget instead of each spending the whole of it.
 * Every call runs in one short write transaction; a ledger that cannot be written (a read-only
 * or full disk) throws, and the limiter then paces this process on its own.
 */
export interface RateLedger {
  /** Take a slot ending at `holdUntilMs` if the window has room; else how long to wait. */
  reserve(key: string, limit: RateLimit, nowMs: number, holdUntilMs: number): { slot: number } | { waitMs: number };
  /** The response arrived: the slot counts from `atMs`. */
  settle(slot: number, atMs: number): void;
  /** After a 429: nobody sharing `key` sends before `untilMs`. */
  block(key: string, untilMs: number): void;
}

/** The ledger and the key (a credential hash) one limiter shares its window under. */
export interface SharedWindow {
  ledger: RateLedger;
  key: string;
}

/** A slot's longest hold when the caller names no deadline. */
const DEFAULT_HOLD_MS = 60_000;

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
  private readonly shared: SharedWindow | undefined;

  constructor(limit: RateLimit, clock: Clock, sleep: Sleep, shared?: SharedWindow) {
    if (!Number.isInteger(limit.max) || limit.max < 1 || !(limit.windowMs > 0)) {
      throw new RangeError('A rate limit needs at least one request per positive window.');
    }
    this.limit = limit;
    this.clock = clock;
    this.sleep = sleep;
    this.shared = shared;
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

  /** After a 429: nobody sends anything until `untilMs` (other processes sharing the ledger neither). */
  blockUntil(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
    this.onLedger((shared) => shared.ledger.block(shared.key, untilMs));
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
    let sharedSlot: number | null = null;
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError();
      let wait = this.delayMs();
      if (wait <= 0) {
        const now = this.clock();
        const answer = this.onLedger((shared) => shared.ledger.reserve(shared.key, this.limit, now, now + (options.holdMs ?? DEFAULT_HOLD_MS)));
        if (answer && 'waitMs' in answer) wait = answer.waitMs;
        else if (answer) sharedSlot = answer.slot;
      }
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
      if (slot.at !== Infinity) return;
      slot.at = this.clock();
      if (sharedSlot !== null) {
        const at = slot.at;
        const id = sharedSlot;
        this.onLedger((shared) => shared.ledger.settle(id, at));
      }
    };
  }

  /** Use the shared ledger if there is one; if it cannot be used, this process paces itself alone. */
  private onLedger<T>(use: (shared: SharedWindow) => T): T | undefined {
    if (!this.shared) return undefined;
    try {
      return use(this.shared);
    } catch {
      return undefined;
    }
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

/** The registry's key for limiters without a shared ledger. */
const NO_LEDGER: object = {};

/**
 * Faster than this there is nothing worth sharing: the ledger's one small write transaction per
 * request (a fraction of a millisecond) would slow a sync more than pacing protects it. Every
 * real limit is far below it: the portal's 10 a minute, our 2 a second for PAYG.
 */
export const SHARED_WINDOW_MAX_PER_SECOND = 100;

/** Is this limit paced through the shared ledger (when the caller has one)? */
export function sharesWindow(limit: RateLimit): boolean {
  return (limit.max * 1000) / limit.windowMs <= SHARED_WINDOW_MAX_PER_SECOND;
}

/**
 * Limiters shared per upstream credential, so two syncs of connections using the same key (in one
 * process) share one budget; with a ledger (one per cache), other processes share it too.
 */
export class LimiterRegistry {
  // Per clock, so a test on a fake clock never shares slots with one on the real clock; per
  // ledger, so two caches open in one process (tests) each keep their own.
  private readonly byClock = new WeakMap<Clock, WeakMap<object, Map<string, SlidingWindowLimiter>>>();

  get(key: string, limit: RateLimit, clock: Clock, sleep: Sleep, ledger?: RateLedger): SlidingWindowLimiter {
    let byLedger = this.byClock.get(clock);
    if (!byLedger) {
      byLedger = new WeakMap();
      this.byClock.set(clock, byLedger);
    }
    let limiters = byLedger.get(ledger ?? NO_LEDGER);
    if (!limiters) {
      limiters = new Map();
      byLedger.set(ledger ?? NO_LEDGER, limiters);
    }
    const id = `${key}:${limit.max}/${limit.windowMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new SlidingWindowLimiter(limit, clock, sleep, ledger && sharesWindow(limit) ? { ledger, key: id } : undefined);
      limiters.set(id, limiter);
    }
    return limiter;
  }
}

export const sharedLimiters = new LimiterRegistry();
