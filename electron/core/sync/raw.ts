import { createHash } from 'node:crypto';
import { constants, gzipSync, gunzipSync } from 'node:zlib';
import type { CacheDatabase } from '../cache/index.ts';
import { isoInstant } from '../deps.ts';
import { cachedStatement } from './statements.ts';

export interface RawToStore {
  requestUrl: string;
  requestKey: string;
  status: number;
  fetchedAt: string;
  bodyText: string;
  /** The UTF-8 bytes of bodyText, when at hand (saves encoding it again for the gzip and the hash). */
  bodyBytes?: Uint8Array;
}

/** What a client fetched, as the raw response to keep. */
export function rawOfFetched(fetched: { requestUrl: string; requestKey: string; raw: { status: number; fetchedAt: number; bodyText: string; bodyBytes?: Uint8Array } }): RawToStore {
  return {
    requestUrl: fetched.requestUrl,
    requestKey: fetched.requestKey,
    status: fetched.raw.status,
    fetchedAt: isoInstant(fetched.raw.fetchedAt),
    bodyText: fetched.raw.bodyText,
    bodyBytes: fetched.raw.bodyBytes,
  };
}

/**
 * Level 1: on these JSON bodies it compresses 2–3 times faster than the default level 6, for
 * files about a quarter larger (11–16 % of the text instead of 10–12 %); at level 6 it was the
 * ingest's largest single cost after parsing. Every level reads back with the same gunzip.
 */
const GZIP_OPTIONS = { level: constants.Z_BEST_SPEED };

const INSERT_RAW =
  'INSERT INTO raw_response (connection_id, sync_run_id, request_url, request_key, http_status, fetched_at, body_gzip, body_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** Keep an upstream body, compressed, so every cached figure traces back to what was said. */
export function insertRawResponse(db: CacheDatabase, connectionId: number, syncRunId: number | null, raw: RawToStore): number {
  const bytes = raw.bodyBytes ?? Buffer.from(raw.bodyText, 'utf8');
  const body = gzipSync(bytes, GZIP_OPTIONS);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const info = cachedStatement(db, INSERT_RAW).run(connectionId, syncRunId, raw.requestUrl, raw.requestKey, raw.status, raw.fetchedAt, body, sha256);
  return Number(info.lastInsertRowid);
}

/** The newest stored response to this exact request fetched at or after `sinceIso`, if any. */
export function findRecentResponse(db: CacheDatabase, connectionId: number, requestKey: string, sinceIso: string): { id: number; fetchedAt: string } | undefined {
  return cachedStatement<[number, string, string], { id: number; fetchedAt: string }>(
    db,
    'SELECT id, fetched_at AS fetchedAt FROM raw_response WHERE connection_id = ? AND request_key = ? AND fetched_at >= ? ORDER BY fetched_at DESC LIMIT 1',
  ).get(connectionId, requestKey, sinceIso);
}

/** The body of a stored response, decompressed (for tracing a figure back). */
export function readRawBody(db: CacheDatabase, rawResponseId: number): string | undefined {
  const row = cachedStatement<[number], { body: Buffer }>(db, 'SELECT body_gzip AS body FROM raw_response WHERE id = ?').get(rawResponseId);
  return row ? gunzipSync(row.body).toString('utf8') : undefined;
}
