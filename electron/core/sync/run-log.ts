import type { CacheDatabase } from '../cache/index.ts';

/** Runs still marked 'running' when a new one starts were stopped mid-way (killed, crashed). */
export function closeAbandonedRuns(db: CacheDatabase, connectionId: number, at: string): void {
  db.prepare(
    `UPDATE sync_run SET outcome = 'failed', finished_at = ?, message = 'Stopped before it finished (the program was closed or stopped); the next sync completes it.'
     WHERE connection_id = ? AND outcome = 'running'`,
  ).run(at, connectionId);
}

export function startRun(db: CacheDatabase, connectionId: number, at: string, params: Record<string, unknown>): number {
  const info = db.prepare("INSERT INTO sync_run (connection_id, started_at, outcome, params_json) VALUES (?, ?, 'running', ?)").run(connectionId, at, JSON.stringify(params));
  return Number(info.lastInsertRowid);
}

export function finishRun(db: CacheDatabase, runId: number, at: string, outcome: 'ok' | 'partial' | 'failed' | 'cancelled', message: string | null): void {
  db.prepare('UPDATE sync_run SET finished_at = ?, outcome = ?, message = ? WHERE id = ?').run(at, outcome, message, runId);
}
