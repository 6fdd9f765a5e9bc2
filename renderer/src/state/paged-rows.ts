/**
 * The window's side of a paged view: the rows stay in the back end (reconcile:run keeps them), and
 * this asks reconcile:rows for the pages around what is on screen, with a small cache and one
 * request per page at a time. A new sort or filter keeps showing the old rows until its first page
 * arrives, then swaps at once (so what the header says and what the rows show always agree).
 * A new `version` (a review was saved) keeps the rows on screen and refetches them.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useCall } from '../api/api-context.tsx';
import {
  EXCEPTION_SORT_COLUMNS,
  OPEN_ITEM_SORT_COLUMNS,
  ROW_SORT_COLUMNS,
  type ChannelInput,
  type OpenItem,
  type PaygException,
  type PortalRow,
  type ViewFilter,
  type ViewPage,
} from '../api/types.ts';
import { PAGE_SIZE } from './page-size.ts';

export { PAGE_SIZE };
/** Pages kept (10,000 rows): enough for a long scroll back and forth, small next to the whole list. */
const MAX_PAGES = 50;

/** A sort of one list by one of its own columns. */
export interface ListSort<C extends string> {
  column: C;
  direction: 'asc' | 'desc';
}

/** A request for one list of a view, without its range (offset, limit). */
type ListQuery = ChannelInput<'reconcile:rows'> extends infer Q ? (Q extends unknown ? Omit<Q, 'offset' | 'limit'> : never) : never;

/**
 * One list of a view as the window pages it: how to ask for it (with its own sort columns) and
 * where its rows are in an answer. One constant per list below; nothing else names a list.
 */
export interface PagedList<T, C extends string> {
  query(viewId: string, sort: ListSort<C> | null, filter: ViewFilter): ListQuery;
  rowsOf(page: ViewPage): T[] | null;
  /** The sort a grid header asks for, if the column is one of this list's (the grid's ids are plain text). */
  sortOf(sort: { column: string; direction: 'asc' | 'desc' } | null): ListSort<C> | null;
}

function pagedList<T, const C extends string>(
  columns: readonly C[],
  query: (viewId: string, sort: ListSort<C> | null, filter: ViewFilter) => ListQuery,
  rowsOf: (page: ViewPage) => T[] | null,
): PagedList<T, C> {
  return {
    query,
    rowsOf,
    sortOf(sort) {
      const column = sort === null ? undefined : columns.find((c) => c === sort.column);
      return sort === null || column === undefined ? null : { column, direction: sort.direction };
    },
  };
}

function withFilter(filter: ViewFilter): { filter?: ViewFilter } {
  return hasFilter(filter) ? { filter } : {};
}

export const PORTAL_ROWS = pagedList<PortalRow, (typeof ROW_SORT_COLUMNS)[number]>(
  ROW_SORT_COLUMNS,
  (viewId, sort, filter) => ({ viewId, list: 'rows', ...(sort ? { sort } : {}), ...withFilter(filter) }),
  (page) => (page.list === 'rows' ? page.rows : null),
);

export const OPEN_ITEMS = pagedList<OpenItem, (typeof OPEN_ITEM_SORT_COLUMNS)[number]>(
  OPEN_ITEM_SORT_COLUMNS,
  (viewId, sort, filter) => ({ viewId, list: 'openItems', ...(sort ? { sort } : {}), ...withFilter(filter) }),
  (page) => (page.list === 'openItems' ? page.rows : null),
);

export const EXCEPTIONS = pagedList<PaygException, (typeof EXCEPTION_SORT_COLUMNS)[number]>(
  EXCEPTION_SORT_COLUMNS,
  (viewId, sort, filter) => ({ viewId, list: 'exceptions', ...(sort ? { sort } : {}), ...withFilter(filter) }),
  (page) => (page.list === 'exceptions' ? page.rows : null),
);

export interface PagedQuery<C extends string> {
  viewId: string;
  sort: ListSort<C> | null;
  filter: ViewFilter;
}

export interface PagedRows<T> {
  /** Rows of the query on screen; null until its first page arrives. */
  total: number | null;
  /** The sort of the rows on screen (the header shows this one). */
  sort: { column: string; direction: 'asc' | 'desc' } | null;
  rowAt(index: number): T | undefined;
  /** Make sure rows from..to (inclusive) are loaded or on their way. */
  ensure(from: number, to: number): void;
  /** The item keys of rows from..to of the query on screen. */
  keysOfRange(from: number, to: number): Promise<string[] | null>;
  /** Every item key of the query on screen ("select all matching"). */
  allKeys(): Promise<string[] | null>;
}

interface Page<T> {
  rows: T[];
  version: number;
}

interface Shown<T> {
  key: string;
  query: ListQuery;
  total: number;
  pages: Map<number, Page<T>>;
}

function hasFilter(filter: ViewFilter): boolean {
  return Object.values(filter).some((v) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim() !== '' : v === true));
}

export function usePagedRows<T, C extends string>(list: PagedList<T, C>, asked: PagedQuery<C>, version: number): PagedRows<T> {
  const call = useCall();
  const query = list.query(asked.viewId, asked.sort, asked.filter);
  const key = JSON.stringify(query);
  const [shown, setShown] = useState<Shown<T> | null>(null);
  // The same, for answers arriving between renders (each builds on the latest).
  const latest = useRef<Shown<T> | null>(null);
  const wanted = useRef(key);
  const inflight = useRef(new Set<string>());

  const fetchPage = useCallback(
    (q: ListQuery, qKey: string, page: number, v: number, swap: boolean) => {
      const id = `${qKey}#${page}#${v}`;
      if (inflight.current.has(id)) return;
      inflight.current.add(id);
      void call('reconcile:rows', { ...q, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
        .then((answer) => {
          const rows = answer ? list.rowsOf(answer) : null;
          if (!answer || !rows) return;
          const current = latest.current;
          let base: Shown<T>;
          if (current?.key === qKey) base = current;
          // A later query was asked meanwhile: this answer is for nothing on screen.
          else if (swap && wanted.current === qKey) base = { key: qKey, query: q, total: answer.total, pages: new Map() };
          else return;
          const pages = new Map(base.pages);
          pages.delete(page);
          pages.set(page, { rows, version: v });
          for (const oldest of pages.keys()) {
            if (pages.size <= MAX_PAGES) break;
            pages.delete(oldest);
          }
          const next = { ...base, total: answer.total, pages };
          latest.current = next;
          setShown(next);
        })
        .finally(() => inflight.current.delete(id));
    },
    [call, list],
  );

  useEffect(() => {
    wanted.current = key;
    if (latest.current?.key !== key) fetchPage(query, key, 0, version, true);
    // `key` is the query, serialised (the object is new on every render); a new version alone
    // refetches through ensure(), keeping the rows on screen meanwhile.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, fetchPage]);

  const ensure = useCallback(
    (from: number, to: number) => {
      const s = latest.current;
      if (!s || s.total === 0) return;
      const last = Math.min(to, s.total - 1);
      for (let page = Math.floor(Math.max(0, from) / PAGE_SIZE); page * PAGE_SIZE <= last; page++) {
        const have = s.pages.get(page);
        if (!have || have.version !== version) fetchPage(s.query, s.key, page, version, false);
      }
    },
    [fetchPage, version],
  );

  const keysOfRange = useCallback(
    async (from: number, to: number) => {
      const s = latest.current;
      if (!s) return null;
      const answer = await call('reconcile:keys', { ...s.query, offset: Math.max(0, from), limit: Math.max(0, to - from + 1) });
      return answer?.keys ?? null;
    },
    [call],
  );

  const allKeys = useCallback(async () => {
    const s = latest.current;
    if (!s) return null;
    const answer = await call('reconcile:keys', s.query);
    return answer?.keys ?? null;
  }, [call]);

  const rowAt = useCallback((index: number): T | undefined => shown?.pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE], [shown]);

  return { total: shown?.total ?? null, sort: shown?.query.sort ?? null, rowAt, ensure, keysOfRange, allKeys };
}
