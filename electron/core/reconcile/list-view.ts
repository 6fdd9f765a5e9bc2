/**
 * One big list of a reconciliation (portal rows, open items, PAYG exceptions) kept in a temporary
 * table, and everything asked of it: a page in any order the list allows, filtered; the item keys
 * of a range; every item in chunks for an export. Sorting and filtering are SQL over that table,
 * and each item's review is joined from the cache as it is read — the one place reviews meet rows.
 *
 * The list's table is filled in any order; its items' order in the engine (a ranking, oldest
 * first…) is worked out once into a table of positions (`n` → the item's rowid). Any other order,
 * or a filter, is worked out the same way when first asked and kept for the next pages (a few per
 * list), so scrolling reads an index range, never the whole list again; ties keep the engine's order.
 *
 * Orders follow the grid's rules of old: exact comparisons (minor units, integer hundredths,
 * code units; names by the locale's collation), empty values last in both directions, ties in the
 * engine's order. Sort columns are looked up in each list's Map: a column that is not there is
 * refused, and nothing a user sent is ever written into the SQL.
 */
import type { ReadableDB } from '../cache/index.ts';
import { currencyExponent } from '../money/index.ts';
import { Reopening } from '../review/schemas.ts';
import { REVIEW_REASONS, REVIEW_STATES, type Review, type ReviewReason, type ReviewState } from '../review/types.ts';
import { ReconcileError } from './connection.ts';
import { foldText } from './sql-functions.ts';
import type { TempTables } from './temp-tables.ts';
import type { ViewFilter } from './schemas.ts';

/** How a column sorts: an SQL expression over the list's table `t` (and the review `rv`). */
export type SortSpec =
  | { kind: 'value'; sql: string; nullable?: boolean }
  /** Text in the people's order (case and accents aside, digits as numbers): ranked in JavaScript. */
  | { kind: 'collated'; sql: string }
  /** A decimal amount in its row's currency: minor units brought to one scale across currencies. */
  | { kind: 'decimal'; amountSql: string; currencySql: string };

/** Every list sorts by review state the same way: an item without a review is open. */
export const REVIEW_SORT: SortSpec = { kind: 'value', sql: "COALESCE(rv.state, 'open')" };

/** What each list says about itself. */
export interface ListSpec<T, C extends string> {
  /** SQL expression of an item's key (review join, keys). */
  keySql: string;
  /** The items' order in the engine: an ORDER BY over `t`, a total order. */
  orderSql: string;
  /** The columns read to build an item, after which come the review's. */
  selectSql: string;
  build(row: unknown[], review: Review | null): T;
  sorts: ReadonlyMap<C, SortSpec>;
  /** The SQL text the search looks in (folded with concilia_fold), or null when the list has none. */
  searchSql: string;
  /** Columns the filters read; a filter on a field the list does not have keeps nothing. */
  classSql: string | null;
  /** True for the items out of tolerance. */
  outOfToleranceSql: string | null;
  providerIdSql: string | null;
  kindSql: string | null;
  /** The item's currency code (the currency filter). */
  currencySql: string | null;
}

interface Order {
  table: string;
  total: number;
  /** Depends on review states: forgotten when they change. */
  reviews: boolean;
}

/** Orders kept per list: scrolling asks the same query page after page. */
const MAX_ORDERS = 6;
/** Rows read per statement when a whole list is streamed. */
export const CHUNK = 2000;

const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const REVIEW_COLUMNS = 'rv.item_key, rv.state, rv.reason, rv.note, rv.author, rv.account_id, rv.updated_at, rv.reopened_json';
/** How many columns REVIEW_COLUMNS reads. */
const REVIEW_WIDTH = 8;

type Query<C extends string> = { sort?: { column: C; direction: 'asc' | 'desc' } | undefined; filter?: ViewFilter | undefined };

export class ListView<T, C extends string> {
  readonly table: string;
  readonly count: number;
  readonly #db: ReadableDB;
  readonly #temp: TempTables;
  readonly #spec: ListSpec<T, C>;
  readonly #connectionId: number;
  /** The engine's order: n → rowid. */
  readonly #engine: string;
  readonly #orders = new Map<string, Order>();
  readonly #ranks = new Map<string, string>();
  #search: string | null = null;

  constructor(temp: TempTables, table: string, connectionId: number, spec: ListSpec<T, C>) {
    this.#db = temp.db;
    this.#temp = temp;
    this.table = table;
    this.#spec = spec;
    this.#connectionId = connectionId;
    this.#engine = temp.create('order', 'n INTEGER PRIMARY KEY, rid INTEGER NOT NULL');
    this.count = this.#db.prepare(`INSERT INTO ${this.#engine} (rid) SELECT t.rowid FROM ${table} t ORDER BY ${spec.orderSql}`).run().changes;
  }

  /** Items `offset`… of the list in the order asked, at most `limit`, and how many there are. */
  page(query: Query<C>, offset: number, limit: number): { total: number; rows: T[] } {
    const order = this.#order(query);
    if (limit <= 0 || offset >= order.total) return { total: order.total, rows: [] };
    const sql = `SELECT ${this.#spec.selectSql}, ${REVIEW_COLUMNS} FROM ${order.table} o JOIN ${this.table} t ON t.rowid = o.rid ${this.#reviewJoin()}
      WHERE o.n > @offset ORDER BY o.n LIMIT @limit`;
    return { total: order.total, rows: this.#read(sql, { offset, limit }) };
  }

  /** The keys of items `offset`… in the order asked, each once. */
  keys(query: Query<C>, offset: number, limit: number): { total: number; keys: string[] } {
    const order = this.#order(query);
    if (limit <= 0 || offset >= order.total) return { total: order.total, keys: [] };
    const keys = this.#db
      .prepare<{ offset: number; limit: number }, string>(
        `SELECT ${this.#spec.keySql} FROM ${order.table} o JOIN ${this.table} t ON t.rowid = o.rid WHERE o.n > @offset ORDER BY o.n LIMIT @limit`,
      )
      .pluck()
      .all({ offset, limit });
    return { total: order.total, keys: [...new Set(keys)] };
  }

  /**
   * Items in the engine's order, `where` (an SQL condition of the list's own, never user text)
   * holding, in chunks: each chunk is its own statement, so nothing stays open between two
   * (an export awaits the disk between chunks, and the connection must stay free meanwhile).
   */
  *chunks(where = '1'): Generator<T[]> {
    let after = 0;
    for (;;) {
      const rows = this.#read(
        `SELECT ${this.#spec.selectSql}, ${REVIEW_COLUMNS}, o.n FROM ${this.#engine} o JOIN ${this.table} t ON t.rowid = o.rid ${this.#reviewJoin()}
         WHERE o.n > @offset AND (${where}) ORDER BY o.n LIMIT @limit`,
        { offset: after, limit: CHUNK },
        (row) => {
          after = Number(row[row.length - 1]);
        },
      );
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < CHUNK) return;
    }
  }

  /** Columns of every item (SQL over `t`, never user text) in the engine's order, a chunk at a time. */
  *scan(columns: string): Generator<unknown[][]> {
    let after = 0;
    const statement = this.#db.prepare<{ offset: number; limit: number }, unknown[]>(
      `SELECT ${columns}, o.n FROM ${this.#engine} o JOIN ${this.table} t ON t.rowid = o.rid WHERE o.n > @offset ORDER BY o.n LIMIT @limit`,
    );
    for (;;) {
      const rows = statement.raw().all({ offset: after, limit: CHUNK });
      const last = rows[rows.length - 1];
      if (!last) return;
      after = Number(last[last.length - 1]);
      yield rows;
      if (rows.length < CHUNK) return;
    }
  }

  /** How many items `where` (an SQL condition of the list's own, never user text) holds for. */
  countWhere(where: string): number {
    return this.#db.prepare<[], number>(`SELECT count(*) FROM ${this.table} t WHERE ${where}`).pluck().get() ?? 0;
  }

  /** Which of `keys` name an item of the list (one pass over the list, whatever the number of keys). */
  keysAmong(keys: Iterable<string>): Set<string> {
    const wanted = this.#temp.create('keys', 'key TEXT PRIMARY KEY', 'WITHOUT ROWID');
    try {
      const insert = this.#db.prepare<[string]>(`INSERT OR IGNORE INTO ${wanted} VALUES (?)`);
      this.#db.transaction(() => {
        for (const key of keys) insert.run(key);
      })();
      const found = this.#db.prepare<[], string>(`SELECT DISTINCT ${this.#spec.keySql} FROM ${this.table} t WHERE ${this.#spec.keySql} IN (SELECT key FROM ${wanted})`).pluck().all();
      return new Set(found);
    } finally {
      this.#temp.drop(wanted);
    }
  }

  /** Review states changed: orders that depended on them are worked out again when next asked. */
  reviewsChanged(): void {
    for (const [key, order] of this.#orders) {
      if (order.reviews) {
        this.#orders.delete(key);
        this.#temp.drop(order.table);
      }
    }
  }

  #reviewJoin(): string {
    return `LEFT JOIN review rv ON rv.connection_id = @c AND rv.item_key = ${this.#spec.keySql}`;
  }

  #read(sql: string, params: { offset: number; limit: number }, last?: (row: unknown[]) => void): T[] {
    const rows = this.#db.prepare<Record<string, number>, unknown[]>(sql).raw().all({ ...params, c: this.#connectionId });
    const width = rows[0]?.length ?? 0;
    // The review's columns follow the item's own (and, for chunks, the position).
    const reviewAt = width - REVIEW_WIDTH - (last ? 1 : 0);
    const out: T[] = [];
    for (const row of rows) {
      out.push(this.#spec.build(row, reviewOf(row, reviewAt)));
      last?.(row);
    }
    return out;
  }

  #order(query: Query<C>): Order {
    const where = this.#where(query.filter);
    const sort = query.sort;
    if (where.sql.length === 0 && sort === undefined) return { table: this.#engine, total: this.count, reviews: false };
    const key = JSON.stringify([sort ?? null, where.sql, where.params]);
    const known = this.#orders.get(key);
    if (known) {
      this.#orders.delete(key);
      this.#orders.set(key, known);
      return known;
    }
    const by = sort === undefined ? [] : this.#orderBy(sort.column, sort.direction);
    const table = this.#temp.create('order', 'n INTEGER PRIMARY KEY, rid INTEGER NOT NULL');
    const usesReview = where.reviews || sort?.column === 'review';
    // Read in the engine's order: a filter alone keeps it, and a sort's ties fall back on it.
    const total = this.#db
      .prepare(
        `INSERT INTO ${table} (rid) SELECT o.rid FROM ${this.#engine} o JOIN ${this.table} t ON t.rowid = o.rid
         ${usesReview ? this.#reviewJoin() : ''} ${where.search ? `JOIN ${this.#searchTable()} s ON s.rid = o.rid` : ''}
         ${where.sql.length > 0 ? `WHERE ${where.sql.join(' AND ')}` : ''} ORDER BY ${[...by, 'o.n'].join(', ')}`,
      )
      .run({ ...where.params, ...(usesReview ? { c: this.#connectionId } : {}) }).changes;
    const order: Order = { table, total, reviews: usesReview };
    this.#orders.set(key, order);
    for (const [oldKey, old] of this.#orders) {
      if (this.#orders.size <= MAX_ORDERS) break;
      this.#orders.delete(oldKey);
      this.#temp.drop(old.table);
    }
    return order;
  }

  #orderBy(column: C, direction: 'asc' | 'desc'): string[] {
    const spec = this.#spec.sorts.get(column);
    if (!spec) throw new ReconcileError(`This list cannot be sorted by "${String(column).slice(0, 40)}". Choose another column.`);
    const dir = direction === 'desc' ? 'DESC' : 'ASC';
    switch (spec.kind) {
      case 'value':
        return spec.nullable ? [`(${spec.sql}) IS NULL`, `${spec.sql} ${dir}`] : [`${spec.sql} ${dir}`];
      case 'collated':
        return [`(SELECT r.rank FROM ${this.#rankTable(spec.sql)} r WHERE r.value = ${spec.sql}) ${dir}`];
      case 'decimal':
        return [`${spec.amountSql} * (SELECT r.scale FROM ${this.#scaleTable(spec.currencySql)} r WHERE r.code = ${spec.currencySql}) ${dir}`];
    }
  }

  /** Each distinct text of a column with its rank in the collation (equal texts share a rank). */
  #rankTable(sql: string): string {
    const known = this.#ranks.get(sql);
    if (known) return known;
    const values = this.#db.prepare<[], string>(`SELECT DISTINCT ${sql} FROM ${this.table} t`).pluck().all();
    values.sort(COLLATOR.compare);
    const table = this.#temp.create('rank', 'value TEXT PRIMARY KEY, rank INTEGER NOT NULL', 'WITHOUT ROWID');
    const insert = this.#db.prepare<[string, number]>(`INSERT INTO ${table} VALUES (?, ?)`);
    this.#db.transaction(() => {
      let rank = 0;
      values.forEach((value, i) => {
        const before = values[i - 1];
        if (before !== undefined && COLLATOR.compare(before, value) !== 0) rank += 1;
        insert.run(value, rank);
      });
    })();
    this.#ranks.set(sql, table);
    return table;
  }

  /** Each currency of the list with the factor that brings its minor units to the finest scale there. */
  #scaleTable(sql: string): string {
    const key = `scale:${sql}`;
    const known = this.#ranks.get(key);
    if (known) return known;
    const codes = this.#db.prepare<[], string>(`SELECT DISTINCT ${sql} FROM ${this.table} t`).pluck().all();
    const exponents = codes.map((code) => exponentOf(code));
    const finest = Math.max(0, ...exponents);
    const table = this.#temp.create('scale', 'code TEXT PRIMARY KEY, scale INTEGER NOT NULL', 'WITHOUT ROWID');
    const insert = this.#db.prepare<[string, number]>(`INSERT INTO ${table} VALUES (?, ?)`);
    this.#db.transaction(() => codes.forEach((code, i) => insert.run(code, 10 ** (finest - (exponents[i] ?? 0)))))();
    this.#ranks.set(key, table);
    return table;
  }

  /** The folded search text of every item, worked out the first time a text filter is asked. */
  #searchTable(): string {
    if (this.#search) return this.#search;
    const table = this.#temp.create('search', 'rid INTEGER PRIMARY KEY, text TEXT NOT NULL');
    this.#db.exec(`INSERT INTO ${table} SELECT t.rowid, ${this.#spec.searchSql} FROM ${this.table} t`);
    this.#search = table;
    return table;
  }

  #where(filter: ViewFilter | undefined): { sql: string[]; params: Record<string, string>; reviews: boolean; search: boolean } {
    const sql: string[] = [];
    const params: Record<string, string> = {};
    let reviews = false;
    let search = false;
    if (!filter) return { sql, params, reviews, search };
    const spec = this.#spec;
    const among = (column: string | null, values: readonly string[], name: string): void => {
      if (values.length === 0) return;
      if (column === null) {
        sql.push('0');
        return;
      }
      const names = values.map((value, i) => {
        params[`${name}${i}`] = value;
        return `@${name}${i}`;
      });
      sql.push(`${column} IN (${names.join(', ')})`);
    };
    among(spec.classSql, filter.classes ?? [], 'class');
    if (filter.outOfToleranceOnly === true) sql.push(spec.outOfToleranceSql ?? '0');
    among(spec.kindSql, filter.kinds ?? [], 'kind');
    if (filter.providerId !== undefined) {
      if (spec.providerIdSql === null) sql.push('0');
      else {
        params.providerId = filter.providerId;
        sql.push(`${spec.providerIdSql} = @providerId`);
      }
    }
    if (filter.currency !== undefined) {
      if (spec.currencySql === null) sql.push('0');
      else {
        params.currency = filter.currency;
        sql.push(`${spec.currencySql} = @currency`);
      }
    }
    if ((filter.review ?? []).length > 0) {
      reviews = true;
      among("COALESCE(rv.state, 'open')", filter.review ?? [], 'review');
    }
    const text = foldText((filter.text ?? '').trim());
    if (text !== '') {
      search = true;
      params.text = text;
      sql.push('instr(s.text, @text) > 0');
    }
    return { sql, params, reviews, search };
  }
}

const isState = (value: unknown): value is ReviewState => REVIEW_STATES.some((state) => state === value);
const isReason = (value: unknown): value is ReviewReason => REVIEW_REASONS.some((reason) => reason === value);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The review columns (REVIEW_COLUMNS) at `at`; null when none. */
function reviewOf(row: readonly unknown[], at: number): Review | null {
  const [itemKey, state, reason, note, author, accountId, updatedAt, reopened] = row.slice(at, at + REVIEW_WIDTH);
  if (typeof itemKey !== 'string' || !isState(state)) return null;
  return {
    itemKey,
    state,
    reason: isReason(reason) ? reason : null,
    note: textOrNull(note),
    author: textOrNull(author) ?? '',
    accountId: textOrNull(accountId) ?? '',
    updatedAt: textOrNull(updatedAt) ?? '',
    reopened: reopeningOf(reopened),
  };
}

/** The mark a restatement left on a reopened review (review-rows.ts writes it); null when none or unreadable. */
function reopeningOf(value: unknown): Reopening | null {
  if (typeof value !== 'string') return null;
  const parsed = Reopening.safeParse(safeJson(value));
  return parsed.success ? parsed.data : null;
}

function safeJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return null;
  }
}

function exponentOf(code: string): number {
  try {
    return currencyExponent(code);
  } catch {
    return 2;
  }
}
