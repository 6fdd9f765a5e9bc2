/**
 * The shared sliding window of each credential's requests (http/limiter.ts's RateLedger), kept in
 * the cache so that every process using it (the app, one or more command lines) draws from one
 * budget. Each reservation is one IMMEDIATE transaction: two processes cannot both see a free slot
 * and both take it. A slot in flight counts until the latest its answer may arrive; the answer
 * moves it to when it really arrived (see SlidingWindowLimiter on why arrival time counts).
 */
import type { RateLedger, RateLimit } from '../http/limiter.ts';
import type { WritableDB } from './database.ts';

/** Slots and blocks older than this are gone whatever their window (a crashed process's leftovers). */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

const ledgers = new WeakMap<WritableDB, RateLedger>();

/** The one ledger of this cache connection. */
export function rateLedgerFor(db: WritableDB): RateLedger {
  let ledger = ledgers.get(db);
  if (!ledger) {
    ledger = createRateLedger(db);
    ledgers.set(db, ledger);
  }
  return ledger;
}

function createRateLedger(db: WritableDB): RateLedger {
  const prune = db.prepare<[string, number, number]>('DELETE FROM rate_slot WHERE (limiter_key = ? AND at_ms <= ?) OR at_ms <= ?');
  const window = db.prepare<[string], { n: number; oldest: number | null }>('SELECT count(*) AS n, min(at_ms) AS oldest FROM rate_slot WHERE limiter_key = ?');
  const blocked = db.prepare<[string], { until_ms: number }>('SELECT until_ms FROM rate_block WHERE limiter_key = ?');
  const take = db.prepare<[string, number]>('INSERT INTO rate_slot (limiter_key, at_ms) VALUES (?, ?)');
  const arrive = db.prepare<[number, number]>('UPDATE rate_slot SET at_ms = ? WHERE id = ?');
  const block = db.prepare<[string, number]>(
    'INSERT INTO rate_block (limiter_key, until_ms) VALUES (?, ?) ON CONFLICT (limiter_key) DO UPDATE SET until_ms = max(until_ms, excluded.until_ms)',
  );
  const forgetBlocks = db.prepare<[number]>('DELETE FROM rate_block WHERE until_ms <= ?');

  const reserve = db.transaction((key: string, limit: RateLimit, nowMs: number, holdUntilMs: number): { slot: number } | { waitMs: number } => {
    prune.run(key, nowMs - limit.windowMs, nowMs - FORGET_AFTER_MS);
    let waitMs = Math.max(0, (blocked.get(key)?.until_ms ?? 0) - nowMs);
    const used = window.get(key);
    if (used && used.n >= limit.max && used.oldest !== null) waitMs = Math.max(waitMs, used.oldest + limit.windowMs - nowMs);
    if (waitMs > 0) return { waitMs };
    return { slot: Number(take.run(key, holdUntilMs).lastInsertRowid) };
  });

  return {
    reserve: (key, limit, nowMs, holdUntilMs) => reserve.immediate(key, limit, nowMs, holdUntilMs),
    settle(slot, atMs) {
      arrive.run(atMs, slot);
    },
    block(key, untilMs) {
      block.run(key, untilMs);
      forgetBlocks.run(untilMs - FORGET_AFTER_MS);
    },
  };
}
