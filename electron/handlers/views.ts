/**
 * The reconciliations the window is looking at, kept in the back end: reconcile:run stores its
 * result here and answers only the summary and a view id; reconcile:rows and reconcile:keys page
 * through the big lists. A few views at most (an LRU), so memory stays bounded however many times
 * the user runs; an evicted view answers "run it again".
 */
import { randomUUID } from 'node:crypto';
import type { Reconciliation } from '../core/reconcile/index.ts';
import type { Review } from '../core/review/types.ts';
import { ContractError, type ViewFilter, type ViewList, type ViewSort } from '../contract/index.ts';
import { filterPredicate, isEmptyFilter, listOf, searchTextOf, sortIndex, type ViewItem } from './view-query.ts';

export const DEFAULT_MAX_VIEWS = 4;
/** Filtered orders kept per view: scrolling asks the same query page after page. */
const MAX_RESULTS = 8;

export interface ViewQueryInput {
  list: ViewList;
  sort?: ViewSort | undefined;
  filter?: ViewFilter | undefined;
}

class View {
  readonly result: Reconciliation;
  private readonly orders = new Map<string, Uint32Array>();
  private readonly results = new Map<string, Uint32Array | null>();
  private readonly search = new Map<ViewList, string[]>();
  private readonly byKey = new Map<ViewList, Map<string, number[]>>();

  constructor(result: Reconciliation) {
    this.result = result;
  }

  items(list: ViewList): ViewItem[] {
    return listOf(this.result, list);
  }

  /** The item indexes of a query, in display order; null = every item in the engine's order. */
  indexes(query: ViewQueryInput): Uint32Array | null {
    const cacheKey = JSON.stringify([query.list, query.sort ?? null, isEmptyFilter(query.filter) ? null : query.filter]);
    const cached = this.results.get(cacheKey);
    if (cached !== undefined) {
      this.results.delete(cacheKey);
      this.results.set(cacheKey, cached);
      return cached;
    }
    const items = this.items(query.list);
    const order = query.sort ? this.order(query.list, query.sort) : null;
    let answer: Uint32Array | null = order;
    if (!isEmptyFilter(query.filter) && query.filter) {
      const keep = filterPredicate(items, query.filter, (i) => this.searchText(query.list, i));
      const picked: number[] = [];
      if (order) {
        for (const i of order) if (keep(i)) picked.push(i);
      } else {
        for (let i = 0; i < items.length; i++) if (keep(i)) picked.push(i);
      }
      answer = Uint32Array.from(picked);
    }
    this.results.set(cacheKey, answer);
    if (this.results.size > MAX_RESULTS) this.results.delete(this.results.keys().next().value as string);
    return answer;
  }

  /** Put saved reviews on the items they name, and forget orders that depended on the old state. */
  applyReviews(reviews: readonly Review[]): number {
    let touched = 0;
    for (const list of ['rows', 'openItems', 'exceptions'] as const) {
      const items = this.items(list);
      if (items.length === 0) continue;
      const index = this.keyIndex(list, items);
      for (const review of reviews) {
        for (const i of index.get(review.itemKey) ?? []) {
          const item = items[i];
          if (item) {
            items[i] = { ...item, review: { ...review } };
            touched += 1;
          }
        }
      }
    }
    if (touched > 0) {
      for (const key of [...this.orders.keys()]) if (key.includes('|review|')) this.orders.delete(key);
      this.results.clear();
    }
    return touched;
  }

  private order(list: ViewList, sort: ViewSort): Uint32Array {
    const key = `${list}|${sort.column}|${sort.direction}`;
    let order = this.orders.get(key);
    if (!order) {
      order = sortIndex(this.items(list), list, sort);
      this.orders.set(key, order);
    }
    return order;
  }

  private searchText(list: ViewList, i: number): string {
    let texts = this.search.get(list);
    if (!texts) {
      texts = this.items(list).map((item) => searchTextOf(item, list));
      this.search.set(list, texts);
    }
    return texts[i] ?? '';
  }

  private keyIndex(list: ViewList, items: readonly ViewItem[]): Map<string, number[]> {
    let index = this.byKey.get(list);
    if (!index) {
      index = new Map();
      items.forEach((item, i) => {
        const at = index?.get(item.key);
        if (at) at.push(i);
        else index?.set(item.key, [i]);
      });
      this.byKey.set(list, index);
    }
    return index;
  }
}

export class ReconciliationViews {
  private readonly views = new Map<string, View>();
  private readonly max: number;
  private readonly newId: () => string;

  constructor(options: { max?: number; newId?: () => string } = {}) {
    this.max = Math.max(1, options.max ?? DEFAULT_MAX_VIEWS);
    this.newId = options.newId ?? randomUUID;
  }

  /** Keep a reconciliation; the least recently used one goes when there are too many. */
  add(result: Reconciliation): string {
    const id = this.newId();
    this.views.set(id, new View(result));
    while (this.views.size > this.max) this.views.delete(this.views.keys().next().value as string);
    return id;
  }

  has(id: string): boolean {
    return this.views.has(id);
  }

  get size(): number {
    return this.views.size;
  }

  /** One page of a list, filtered and sorted. */
  rows(id: string, query: ViewQueryInput, offset: number, limit: number): { total: number; rows: ViewItem[] } {
    const view = this.view(id);
    const items = view.items(query.list);
    const order = view.indexes(query);
    const total = order ? order.length : items.length;
    const end = Math.min(total, offset + limit);
    const rows: ViewItem[] = [];
    for (let at = offset; at < end; at++) {
      const item = items[order ? (order[at] ?? 0) : at];
      if (item) rows.push(item);
    }
    return { total, rows };
  }

  /** The item keys of a range of a list, in display order, each once. */
  keys(id: string, query: ViewQueryInput, offset: number, limit: number): { total: number; keys: string[] } {
    const view = this.view(id);
    const items = view.items(query.list);
    const order = view.indexes(query);
    const total = order ? order.length : items.length;
    const end = Math.min(total, offset + limit);
    const seen = new Set<string>();
    for (let at = offset; at < end; at++) {
      const item = items[order ? (order[at] ?? 0) : at];
      if (item) seen.add(item.key);
    }
    return { total, keys: [...seen] };
  }

  /** Saved reviews reach every open view of that connection, so the next page shows them. */
  applyReviews(connection: string, reviews: readonly Review[]): void {
    for (const view of this.views.values()) if (view.result.connection === connection) view.applyReviews(reviews);
  }

  clear(): void {
    this.views.clear();
  }

  private view(id: string): View {
    const view = this.views.get(id);
    if (!view) throw new ContractError('not_found', 'The reconciliation was closed: run it again.');
    // Touch: the view in use is the last to be evicted.
    this.views.delete(id);
    this.views.set(id, view);
    return view;
  }
}
