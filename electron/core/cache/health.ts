/**
 * Is the cache file sound? SQLite's own `PRAGMA quick_check` reads every page and checks the
 * structure of every table and index (it skips only the slow cross-check of index contents that
 * integrity_check adds). A cache that fails it may still answer some queries, so figures could be
 * exported or signed from a damaged file: every export and sign-off checks first
 * (assertCacheSound), and the app checks at start, in the background (checkCacheInBackground).
 *
 * The check reads the whole file: a second or so per few hundred MB. That is cheap beside an
 * export, and a sign-off is rare; both are refused on a damaged cache with what to do.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ReadableDB } from './database.ts';
import { DAMAGED_CACHE_ADVICE, explainSqliteError, sqliteTrouble } from './sqlite-errors.ts';

/** Problems listed at most; one is enough to refuse, a few help whoever repairs it. */
const MAX_PROBLEMS = 10;

export interface CacheHealth {
  ok: boolean;
  /** What quick_check found (SQLite's own words), at most MAX_PROBLEMS; empty when ok. */
  problems: string[];
  /** For a person: null when ok, else what is wrong and what to do. */
  message: string | null;
}

export class CacheDamagedError extends Error {
  override name = 'CacheDamagedError';
  readonly problems: string[];
  constructor(message: string, problems: string[]) {
    super(message);
    this.problems = problems;
  }
}

/** quick_check on an open connection. A check that cannot even run (SQLITE_CORRUPT…) is a failure too. */
export function checkCache(db: ReadableDB): CacheHealth {
  try {
    const rows = db.pragma(`quick_check(${MAX_PROBLEMS})`) as { quick_check: string }[];
    return healthOf(rows.map((r) => r.quick_check));
  } catch (error) {
    return failedToCheck(error);
  }
}

/**
 * Refuse to go on from a damaged cache. `doing` completes "… was refused": "The export",
 * "The sign-off". One call at the entry of each, before any figure is read.
 */
export function assertCacheSound(db: ReadableDB, doing: string): void {
  const health = checkCache(db);
  if (!health.ok) throw new CacheDamagedError(`${doing} was refused: ${health.message ?? 'the cache file is damaged.'}`, health.problems);
}

function healthOf(results: readonly string[]): CacheHealth {
  if (results.length === 1 && results[0] === 'ok') return { ok: true, problems: [], message: null };
  const problems = results.slice(0, MAX_PROBLEMS);
  return {
    ok: false,
    problems,
    message: `the cache file is damaged (SQLite's check found ${results.length >= MAX_PROBLEMS ? `${MAX_PROBLEMS} or more problems` : `${results.length} problem(s)`}, first: ${problems[0] ?? 'unknown'}). ${DAMAGED_CACHE_ADVICE}`,
  };
}

function failedToCheck(error: unknown): CacheHealth {
  const trouble = sqliteTrouble(error);
  const said = error instanceof Error ? error.message : String(error);
  if (trouble === 'busy') return { ok: true, problems: [], message: null };
  return {
    ok: false,
    problems: [said],
    message: trouble === 'corrupt' || trouble === 'notadb' ? `the cache file is damaged (SQLite's check stopped: ${said}). ${DAMAGED_CACHE_ADVICE}` : `the cache could not be checked: ${explainSqliteError(error) ?? said}`,
  };
}

// The check runs in a worker thread with its own read-only connection, so the window stays
// responsive while a large file is read. The worker is plain CommonJS given as text: it needs no
// build step in the app, the harness or the tests.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  const Database = require(workerData.module);
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  const rows = db.pragma('quick_check(' + workerData.max + ')');
  parentPort.postMessage({ rows: rows.map((r) => r.quick_check) });
} catch (error) {
  parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code } });
} finally {
  if (db) db.close();
}
`;

/**
 * quick_check of the cache file at `path`, off the calling thread. When a worker cannot be
 * started (a runtime without worker threads), `fallback` is checked here instead.
 */
export function checkCacheInBackground(path: string, fallback: ReadableDB): Promise<CacheHealth> {
  return new Promise<CacheHealth>((resolve) => {
    let settled = false;
    const done = (health: CacheHealth): void => {
      if (settled) return;
      settled = true;
      resolve(health);
    };
    const inThisThread = (): void => {
      setImmediate(() => done(checkCache(fallback)));
    };
    let worker: Worker;
    try {
      const module = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path, max: MAX_PROBLEMS } });
    } catch {
      inThisThread();
      return;
    }
    worker.unref();
    worker.once('message', (answer: { rows?: string[]; error?: { message: string; code?: string } }) => {
      if (answer.rows) done(healthOf(answer.rows));
      else if (answer.error?.code) done(failedToCheck(Object.assign(new Error(answer.error.message), { code: answer.error.code })));
      // Not an SQLite answer (the module did not load in the worker): check here instead.
      else inThisThread();
    });
    worker.once('error', inThisThread);
    worker.once('exit', () => {
      if (!settled) inThisThread();
    });
  });
}
