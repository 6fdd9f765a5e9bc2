/**
 * The reconciliations the window is looking at: reconcile:run opens one (its big lists stay in
 * temporary tables of the cache connection, see core/reconcile/list-view.ts) and answers only
 * the summary and a view id; reconcile:rows and reconcile:keys page through the lists, sorted and
 * filtered by SQLite. A few views at most (an LRU), each closed when it goes, so the temporary
 * tables stay bounded however many times the user runs; an evicted view answers "run it again".
 */
import { randomUUID } from 'node:crypto';
import { keysOf, pageOf, type OpenReconciliation } from '../core/reconcile/index.ts';
import type { ViewKeys, ViewPage, ViewQuery } from '../core/reconcile/schemas.ts';
import { ContractError } from '../contract/index.ts';

export const DEFAULT_MAX_VIEWS = 4;

export class ReconciliationViews {
  private readonly views = new Map<string, OpenReconciliation>();
  private readonly max: number;
  private readonly newId: () => string;

  constructor(options: { max?: number; newId?: () => string } = {}) {
    this.max = Math.max(1, options.max ?? DEFAULT_MAX_VIEWS);
    this.newId = options.newId ?? randomUUID;
  }

  /** Keep an open reconciliation; the least recently used one is closed when there are too many. */
  add(open: OpenReconciliation): string {
    const id = this.newId();
    this.views.set(id, open);
    for (const [oldId, old] of this.views) {
      if (this.views.size <= this.max) break;
      this.views.delete(oldId);
      old.close();
    }
    return id;
  }

  has(id: string): boolean {
    return this.views.has(id);
  }

  get size(): number {
    return this.views.size;
  }

  /** The open reconciliation behind a view (its summary is read again after a review). */
  get(id: string): OpenReconciliation {
    return this.view(id);
  }

  /** One page of a list, filtered and sorted. */
  page(id: string, query: ViewQuery, offset: number, limit: number): ViewPage {
    return pageOf(this.view(id), query, offset, limit);
  }

  /** The item keys of a range of a list, in display order, each once. */
  keys(id: string, query: ViewQuery, offset: number, limit: number): ViewKeys {
    return keysOf(this.view(id), query, offset, limit);
  }

  /** Reviews of a connection changed: its views forget the orders that depended on them. */
  reviewsChanged(connection: string): void {
    for (const open of this.views.values()) if (open.outline.connection === connection) open.reviewsChanged();
  }

  clear(): void {
    for (const open of this.views.values()) open.close();
    this.views.clear();
  }

  private view(id: string): OpenReconciliation {
    const view = this.views.get(id);
    if (!view) throw new ContractError('not_found', 'The reconciliation was closed: run it again.');
    // Touch: the view in use is the last to be evicted.
    this.views.delete(id);
    this.views.set(id, view);
    return view;
  }
}
