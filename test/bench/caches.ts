/**
 * Caches for the reconcile and export benchmarks: the one the real sync built during the ingest
 * benchmark when there is one, else built now — by the sync when it can, by a bare insert of the
 * same rows when the sync cannot (said in the notes, with the reason).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preparePortalReplay, type ReplayInfo } from './datasets.ts';
import { cachePathFor, replayFor } from './ingest.ts';
import { runWorker } from './lib/child.ts';
import type { BenchOptions } from './lib/types.ts';

const INGEST = fileURLToPath(new URL('./workers/ingest.ts', import.meta.url));

/** Above this many rows a cache to reconcile is filled by a plain insert, not by the sync. */
const SYNC_BUILD_LIMIT = 2_000_000;

export interface BenchCache {
  path: string;
  connection: string;
  replay: ReplayInfo;
  /** 'sync', or why a bare insert had to stand in. */
  source: string;
}

export async function ensureCache(replay: ReplayInfo, options: BenchOptions): Promise<BenchCache> {
  const syncPath = cachePathFor(replay, options.workDir);
  const failedMarker = `${syncPath}.failed`;
  if (existsSync(syncPath)) return { path: syncPath, connection: `bench-${replay.kind}`, replay, source: 'sync' };
  // A smaller cache of the same kind that the sync could not build rules out a bigger one.
  const sameKindFailure = readdirSync(options.workDir).find((f) => f.startsWith(`cache-${replay.kind}-`) && f.endsWith('.failed'));
  let reason = existsSync(failedMarker)
    ? readFileSync(failedMarker, 'utf8')
    : sameKindFailure
      ? `a smaller ${replay.kind} sync already failed: ${readFileSync(join(options.workDir, sameKindFailure), 'utf8')}`
      : null;
  if (reason === null && replay.rows > SYNC_BUILD_LIMIT) {
    reason = `at ${replay.rows.toLocaleString('en-US')} rows the sync would take minutes to build it; benchmark 1 measures that ingest, and the plain insert keeps npm run bench within 15 minutes`;
  }
  if (reason === null) {
    try {
      await runWorker(INGEST, { mode: 'candidate', replay, dbPath: syncPath }, { verbose: options.verbose });
      return { path: syncPath, connection: `bench-${replay.kind}`, replay, source: 'sync' };
    } catch (error) {
      reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown';
      writeFileSync(failedMarker, reason);
    }
  }
  const barePath = join(options.workDir, `cache-bare-${replay.kind}-${replay.rows}.sqlite`);
  if (!existsSync(barePath)) await runWorker(INGEST, { mode: 'baseline', replay, dbPath: barePath }, { verbose: options.verbose });
  return { path: barePath, connection: 'bench', replay, source: `bare insert (${reason})` };
}

export async function cacheFor(kind: 'portal' | 'payg', rows: number, options: BenchOptions): Promise<BenchCache> {
  return ensureCache(await replayFor(kind, rows, options.workDir), options);
}

/** A portal cache of `providers` providers (the export benchmark sizes by discrepancies). */
export async function portalCacheForProviders(providers: number, options: BenchOptions): Promise<BenchCache> {
  return ensureCache(await preparePortalReplay(join(options.workDir, `replay-portal-${providers}`), providers), options);
}
