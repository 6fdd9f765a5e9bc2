import { createHash } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';
import type { CacheDatabase } from '../cache/index.ts';

export interface RawToStore {
  requestUrl: string;
  requestKey: string;
  status: number;
  fetchedAt: string;
  bodyText: string;
}

/** Keep an upstream body, compressed, so every cached figure traces back to what was said. */
export function insertRawResponse(db: CacheDatabase, connectionId: number, syncRunId: number | null, raw: RawToStore): number {
  const body = Buffer.from(raw.bodyText, 'utf8');
  const info = db
    .prepare(
      'INSERT INTO raw_response (connection_id, sync_run_id, request_url, request_key, http_status, fetched_at, body_gzip, body_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(connectionId, syncRunId, raw.requestUrl, raw.requestKey, raw.status, raw.fetchedAt, gzipSync(body), createHash('sha256').update(body).digest('hex'));
  return Number(info.lastInsertRowid);
}

/** The newest stored response to this exact request fetched at or after `sinceIso`, if any. */
export function findRecentResponse(db: CacheDatabase, connectionId: number, requestKey: string, sinceIso: string): { id: number; fetchedAt: string } | undefined {
  return db
    .prepare<[number, string, string], { id: number; fetchedAt: string }>(
      'SELECT id, fetched_at AS fetchedAt FROM raw_response WHERE connection_id = ? AND request_key = ? AND fetched_at >= ? ORDER BY fetched_at DESC LIMIT 1',
    )
    .get(connectionId, requestKey, sinceIso);
}

/** The body of a stored response, decompressed (for tracing a figure back). */
export function readRawBody(db: CacheDatabase, rawResponseId: number): string | undefined {
  const row = db.prepare<[number], { body: Buffer }>('SELECT body_gzip AS body FROM raw_response WHERE id = ?').get(rawResponseId);
  return row ? gunzipSync(row.body).toString('utf8') : undefined;
}
