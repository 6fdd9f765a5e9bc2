import type { CacheDatabase } from '../cache/index.ts';

export class ReconcileError extends Error {
  override name = 'ReconcileError';
}

export interface ConnectionRecord {
  id: number;
  name: string;
  kind: 'portal' | 'payg';
  currency: string | null;
  toleranceAbsMinor: number;
  tolerancePct: string;
}

interface ConnectionRow {
  id: number;
  name: string;
  kind: 'portal' | 'payg';
  currency: string | null;
  tolerance_abs_minor: number;
  tolerance_pct: string;
}

/** The connection by name, or an error an accountant can act on. */
export function findConnection(db: CacheDatabase, name: string): ConnectionRecord {
  const row = db
    .prepare<[string], ConnectionRow>(
      'SELECT id, name, kind, currency, tolerance_abs_minor, tolerance_pct FROM connection WHERE name = ?',
    )
    .get(name);
  if (!row) {
    throw new ReconcileError(`There is no connection named "${name}" in this cache. Add it with concilia source add, or check the name with concilia source list.`);
  }
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    currency: row.currency,
    toleranceAbsMinor: row.tolerance_abs_minor,
    tolerancePct: row.tolerance_pct,
  };
}
