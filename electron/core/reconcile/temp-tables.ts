/**
 * Temporary tables: where a reconciliation keeps what it works out, row by row, instead of in
 * JavaScript memory. They live in the connection's own `temp` schema (a file SQLite manages,
 * never the cache), so a connection opened read-only can hold them too, and they vanish with the
 * connection. Names are made here and only here: never from anything a user typed.
 */
import type { ReadableDB } from '../cache/index.ts';

let counter = 0;
const tuned = new WeakSet<object>();

/** A fresh `temp.concilia_<what>_<n>` name. `what` is a literal of the caller's. */
export function tempName(what: string): string {
  counter += 1;
  return `temp.concilia_${what}_${counter}`;
}

/** The temporary tables one reconciliation made, dropped together when it is closed. */
export class TempTables {
  readonly db: ReadableDB;
  readonly #names = new Set<string>();

  constructor(db: ReadableDB) {
    this.db = db;
    if (!tuned.has(db)) {
      tuned.add(db);
      // Temporary tables and sorts spill to a file past this many KiB, not to the process's
      // memory (temp_store is left as built, a file: changing it would drop every temporary table).
      db.pragma('temp.cache_size = -16384');
    }
  }

  /** Create a table from `columns` (SQL column definitions) and own it. */
  create(what: string, columns: string, options = ''): string {
    const name = tempName(what);
    this.db.exec(`CREATE TEMP TABLE ${name} (${columns}) ${options}`);
    this.#names.add(name);
    return name;
  }

  drop(name: string): void {
    if (!this.#names.delete(name)) return;
    if (this.db.open) this.db.exec(`DROP TABLE IF EXISTS ${name}`);
  }

  dropAll(): void {
    for (const name of [...this.#names]) this.drop(name);
  }
}
