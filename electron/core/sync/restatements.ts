import type { CacheDatabase } from '../cache/index.ts';
import { cachedStatement } from './statements.ts';

export interface RestatementInput {
  entity: 'portal_row' | 'billing_period' | 'portal_grand_total';
  entityKey: string;
  periodStart: string | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

/** Writes restatements of one sync step (one statement, prepared once per database). */
export function restatementWriter(db: CacheDatabase, connectionId: number, detectedAt: string, syncRunId: number | null): (r: RestatementInput) => void {
  const insert = cachedStatement(
    db,
    'INSERT INTO restatement (connection_id, entity, entity_key, period_start, field, old_value, new_value, detected_at, sync_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return (r) => {
    insert.run(connectionId, r.entity, r.entityKey, r.periodStart, r.field, r.oldValue, r.newValue, detectedAt, syncRunId);
  };
}

/** Compare named fields of two snapshots of one entity; calls `emit` for each that changed. */
export function diffFields<T>(before: T, after: T, fields: readonly { name: string; read: (v: T) => string | null }[], emit: (field: string, oldValue: string | null, newValue: string | null) => void): number {
  let changed = 0;
  for (const field of fields) {
    const a = field.read(before);
    const b = field.read(after);
    if (a !== b) {
      emit(field.name, a, b);
      changed++;
    }
  }
  return changed;
}
