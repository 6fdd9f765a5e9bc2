/**
 * Reviews reopen when their figures change: a restatement behind a reviewed item returns it to
 * open, marked "reopened: figures changed" with old -> new, whatever store keeps it. The item's
 * history keeps the review it had. A restated portal row also reopens the findings about that
 * provider and period (their checks read the row's figures).
 */
import { parseItemKey, type ItemKey } from './keys.ts';
import type { ItemLabeller } from './labels.ts';
import type { ReviewStore } from './store.ts';
import type { ConnectionRef, FigureChange, Review, ReviewReopening } from './types.ts';

/** One figure of one item that a sync found changed. */
export interface RestatedFigure extends FigureChange {
  itemKey: ItemKey;
}

/** Reopen every settled review whose item's figures changed; returns the reviews reopened. */
export function reopenRestatedReviews(store: ReviewStore, connection: ConnectionRef, restated: readonly RestatedFigure[], labelOf: ItemLabeller): Review[] {
  if (restated.length === 0) return [];
  const reviews = store.reviews(connection);
  if (reviews.size === 0) return [];
  const changesOf = new Map<ItemKey, FigureChange[]>();
  const add = (key: ItemKey, change: FigureChange): void => {
    const review = reviews.get(key);
    if (!review || review.state === 'open') return;
    const list = changesOf.get(key) ?? [];
    list.push(change);
    changesOf.set(key, list);
  };
  // Findings of a provider and period, by "provider|period".
  const findingsOf = new Map<string, ItemKey[]>();
  for (const key of reviews.keys()) {
    const parsed = parseItemKey(key);
    if (parsed?.kind !== 'finding' || parsed.providerId === null) continue;
    const at = `${parsed.providerId}|${parsed.periodStart}`;
    findingsOf.set(at, [...(findingsOf.get(at) ?? []), key]);
  }
  for (const r of restated) {
    const change = { field: r.field, from: r.from, to: r.to };
    add(r.itemKey, change);
    const parsed = parseItemKey(r.itemKey);
    if (parsed?.kind === 'portal_row') for (const finding of findingsOf.get(`${parsed.providerId}|${parsed.periodStart}`) ?? []) add(finding, change);
  }
  const reopenings: ReviewReopening[] = [...changesOf].map(([key, changes]) => ({ item: labelOf(key), changes }));
  return reopenings.length === 0 ? [] : store.reopenReviews(connection, reopenings);
}
