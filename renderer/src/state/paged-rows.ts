/**
 * The window's side of a paged view: the rows stay in the back end (reconcile:run keeps them), and
 * this asks reconcile:rows for the pages around what is on screen, with a small cache and one
 * request per page at a time. A new sort or filter keeps showing the old rows until its first page
 * arrives, then swaps at once (so what the header says and what the rows show always agree).
 * A new `version` (a review was saved) keeps the rows on screen and refetches them.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useCall } from '../api/api-context.tsx';
import type { ViewFilter, ViewList, ViewSort } from '../api/types.ts';
import { PAGE_SIZE } from './page-size.ts';

export { PAGE_SIZE };
/** Pages kept (10,000 rows): enough for a long scroll back and forth, small next to the whole list. */
const MAX_PAGES = 50;

export interface PagedQuery {
  viewId: string;
  list: ViewList;
  sort: ViewSort | null;
  filter: ViewFilter;
}

export interface PagedRows<T> {
  /** Rows of the query on screen; null until its first page arrives. */
  total: number | null;
  /** The sort of the rows on screen (the header shows this one). */
  sort: ViewSort | null;
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
  query: PagedQuery;
  total: number;
  pages: Map<number, Page<T>>;
}

function hasFilter(filter: ViewFilter): boolean {
  return Object.values(filter).some((v) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim() !== '' : v === true));
}

function queryInput(q: PagedQuery) {
  return {
    viewId: q.viewId,
    list: q.list,
    ...(q.sort ? { sort: q.sort } : {}),
    ...(hasFilter(q.filter) ? { filter: q.filter } : {}),
  };
}

export function usePagedRows<T>(query: PagedQuery, version: number): PagedRows<T> {
  const call = useCall();
  const key = JSON.stringify(queryInput(query));
  const [shown, setShown] = useState<Shown<T> | null>(null);
  // The same, for answers arriving between renders (each builds on the latest).
  const latest = useRef<Shown<T> | null>(null);
  const wanted = useRef(key);
  const inflight = useRef(new Set<string>());

  const fetchPage = useCallback(
    (q: PagedQuery, qKey: string, page: number, v: number, swap: boolean) => {
      const id = `${qKey}#${page}#${v}`;
      if (inflight.current.has(id)) return;
      inflight.current.add(id);
      void call('reconcile:rows', { ...queryInput(q), offset: page * PAGE_SIZE, limit: PAGE_SIZE })
        .then((answer) => {
          if (!answer) return;
          const current = latest.current;
          let base: Shown<T>;
          if (current?.key === qKey) base = current;
          // A later query was asked meanwhile: this answer is for nothing on screen.
          else if (swap && wanted.current === qKey) base = { key: qKey, query: q, total: answer.total, pages: new Map() };
          else return;
          const pages = new Map(base.pages);
          pages.delete(page);
          pages.set(page, { rows: answer.rows as T[], version: v });
          while (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value as number);
          const next = { ...base, total: answer.total, pages };
          latest.current = next;
          setShown(next);
        })
        .finally(() => inflight.current.delete(id));
    },
    [call],
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
      const answer = await call('reconcile:keys', { ...queryInput(s.query), offset: Math.max(0, from), limit: Math.max(0, to - from + 1) });
      return answer?.keys ?? null;
    },
    [call],
  );

  const allKeys = useCallback(async () => {
    const s = latest.current;
    if (!s) return null;
    const answer = await call('reconcile:keys', queryInput(s.query));
    return answer?.keys ?? null;
  }, [call]);

  const rowAt = useCallback((index: number): T | undefined => shown?.pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE], [shown]);

  return { total: shown?.total ?? null, sort: shown?.query.sort ?? null, rowAt, ensure, keysOfRange, allKeys };
}
