/**
 * Voiding the sign-offs whose figures changed: the write step that follows new data. Which
 * figures changed is the reconciliation's to say (it owns the figures' shape); this step finds
 * the live sign-offs of a range whose figures hash differs and voids them through the store.
 *
 * Only the figures void a sign-off. Its statement also binds the tolerance and the review states
 * it was made with, but those are a record of what was attested then: resolving in April an item
 * carried forward from March does not undo March's sign-off (a reviewer can still only
 * countersign the very statement the preparer signed: core/signoff).
 */
import type { ReviewStore } from './store.ts';
import type { ConnectionRef, ItemFigureChange, SignoffPeriodKind } from './types.ts';

export interface StaleSignoffTarget {
  from: string;
  to: string;
  period: SignoffPeriodKind;
  /** The hash of the figures now in the cache; asked for only when the range has a live sign-off. */
  figuresHash: () => string;
  /** What changed between the figures a sign-off attested (null when unreadable) and those now. */
  describeChange: (signedFigures: string | null) => { changes: ItemFigureChange[]; more: number };
}

/**
 * Void every live sign-off of this exact range whose figures hash differs from the figures now,
 * naming what changed; returns how many were voided. The figures are hashed only when the range
 * has a live sign-off: most ranges have none, and hashing is a pass over every row.
 */
export function voidStaleSignoffs(store: ReviewStore, connection: ConnectionRef, target: StaleSignoffTarget): number {
  const live = store.signoffs(connection, { from: target.from, to: target.to, period: target.period }).filter((s) => s.status === 'live');
  if (live.length === 0) return 0;
  const hash = target.figuresHash();
  const stale = live.filter((s) => s.figuresHash !== hash);
  if (stale.length === 0) return 0;
  store.voidSignoffs(
    connection,
    stale.map((s) => ({
      signoffId: s.id,
      reason: { kind: 'figures_changed', role: s.role, author: s.author, ...target.describeChange(store.signedFigures(s.id)) },
      newFiguresHash: hash,
    })),
  );
  return stale.length;
}
