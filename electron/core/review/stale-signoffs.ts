/**
 * Voiding the sign-offs whose figures changed: the write step that follows new data. Which
 * figures changed, in words, is the reconciliation's to say (it owns the figures' shape); this
 * step finds the live sign-offs of a range whose hash differs and voids them through the store.
 */
import type { ReviewStore } from './store.ts';
import { SYSTEM_ACTOR, type ConnectionRef, type SignoffPeriodKind } from './types.ts';

export interface StaleSignoffTarget {
  from: string;
  to: string;
  period: SignoffPeriodKind;
  /** The hash of the figures now in the cache; asked for only when the range has a live sign-off. */
  hash: () => string;
  /** What changed between the figures a sign-off attested (null when unreadable) and those now. */
  describeChange: (signedFigures: string | null) => string;
}

/**
 * Void every live sign-off of this exact range whose hash differs from the figures now, naming
 * what changed; returns how many were voided. The figures are hashed only when the range has a
 * live sign-off: most ranges have none, and hashing is a pass over every row.
 */
export function voidStaleSignoffs(store: ReviewStore, connection: ConnectionRef, target: StaleSignoffTarget): number {
  const live = store.signoffs(connection, { from: target.from, to: target.to, period: target.period }).filter((s) => s.status === 'live');
  if (live.length === 0) return 0;
  const hash = target.hash();
  const stale = live.filter((s) => s.dataHash !== hash);
  if (stale.length === 0) return 0;
  store.voidSignoffs(
    connection,
    stale.map((s) => ({
      signoffId: s.id,
      reason: `Figures changed after the ${s.role} sign-off by ${s.author}: ${target.describeChange(store.signedFigures(s.id))}.`,
      newHash: hash,
    })),
    { name: SYSTEM_ACTOR },
  );
  return stale.length;
}
