/**
 * Sign-off: a preparer, then a reviewer of another account, each signing the statement of a
 * range — its figures, the saved tolerance and every review (review/statement.ts). Strict by
 * default: a preparer sign-off is refused while any out-of-tolerance discrepancy, finding or
 * exception of the range is open, and the refusal says how many of each. A reviewer signs only
 * over the same hash as the live preparer sign-off. It sits above reconciliation (it signs what a
 * reconciliation computed) and the review store (where the sign-off is kept); when the figures
 * change, the sign-offs are voided and say why.
 */
import type { ReadableDB } from '../cache/index.ts';
import { getConnection } from '../connections/index.ts';
import type { Clock } from '../deps.ts';
import { reconcile } from '../reconcile/reconcile.ts';
import type { Reconciliation } from '../reconcile/types.ts';
import { ReviewError } from '../review/errors.ts';
import type { ReviewStore } from '../review/store.ts';
import { SIGNOFF_ROLES, type SignOffInput, type Signoff, type SignoffPeriodKind } from '../review/types.ts';
import { attest, type Attestation } from './attest.ts';

export interface SignoffDeps {
  db: ReadableDB;
  reviews: ReviewStore;
  clock: Clock;
}

export interface RangeOf {
  connection: string;
  from: string;
  to: string;
  period: SignoffPeriodKind;
}

export interface Readiness extends Attestation {
  result: Reconciliation;
  /** Sign-offs of exactly this range, oldest first. */
  signoffs: Signoff[];
}

/**
 * Where a range stands for sign-off: reconciled with the saved tolerance (a stale sign-off of it
 * is voided on the way), its items counted by kind and state, and the statement a sign-off now
 * would sign.
 */
export function readiness(deps: SignoffDeps, range: RangeOf): Readiness {
  const result = reconcile(deps, { connection: range.connection, from: range.from, to: range.to, period: range.period, now: deps.clock() });
  return { ...attest(result), result, signoffs: deps.reviews.signoffs(getConnection(deps.db, range.connection), { from: range.from, to: range.to, period: range.period }) };
}

export function signOff(deps: SignoffDeps, input: SignOffInput): Signoff {
  const connection = getConnection(deps.db, input.connection);
  if (!(SIGNOFF_ROLES as readonly string[]).includes(input.role)) {
    throw new ReviewError(`The role must be preparer or reviewer, not "${String(input.role)}".`);
  }
  const ready = readiness(deps, input);
  const { result } = ready;
  if (result.coverageGaps.length > 0) {
    const first = result.coverageGaps[0];
    throw ReviewError.of({
      code: 'not_synced',
      connection: connection.name,
      from: input.from,
      to: input.to,
      periods: result.coverageGaps.length,
      first: { periodStart: first?.periodStart ?? input.from, periodEnd: first?.periodEnd ?? input.to },
    });
  }
  const live = ready.signoffs.filter((s) => s.status === 'live');
  const me = deps.reviews.identity.accountId;
  const preparer = live.find((s) => s.role === 'preparer');
  const reviewer = live.find((s) => s.role === 'reviewer');
  if (input.role === 'preparer') {
    if (ready.openTotal > 0) throw ReviewError.of({ code: 'open_items', connection: connection.name, from: input.from, to: input.to, open: ready.open });
    // Signed already: again only when the statement changed and nobody has countersigned it yet.
    if (preparer && (preparer.dataHash === ready.statement.hash || reviewer)) {
      throw ReviewError.of({ code: 'already_signed', author: preparer.author, role: 'preparer', at: preparer.signedAt }, 'conflict');
    }
    if (preparer) deps.reviews.voidSignoffs(connection, [{ signoffId: preparer.id, reason: { kind: 'replaced', role: 'preparer', author: preparer.author }, newFiguresHash: ready.figuresHash }]);
  } else {
    if (reviewer) throw ReviewError.of({ code: 'already_signed', author: reviewer.author, role: 'reviewer', at: reviewer.signedAt }, 'conflict');
    if (!preparer) throw ReviewError.of({ code: 'needs_preparer' });
    if (preparer.accountId === me) throw ReviewError.of({ code: 'same_account', name: preparer.author });
    if (preparer.dataHash !== ready.statement.hash) throw ReviewError.of({ code: 'statement_changed', preparer: preparer.author });
  }
  return deps.reviews.recordSignoff(connection, {
    from: input.from,
    to: input.to,
    period: input.period,
    role: input.role,
    statementText: ready.statement.text,
    dataHash: ready.statement.hash,
    figuresHash: ready.figuresHash,
    attested: ready.attested,
  });
}

/**
 * Re-check every live sign-off of a connection against the cache and void those whose figures
 * changed. Sync calls this after storing new data; `reconcile` does the same for the range it
 * computes. Returns the sign-offs voided now.
 */
export function revalidateSignoffs(deps: SignoffDeps, connection: string): Signoff[] {
  const c = getConnection(deps.db, connection);
  const live = deps.reviews.signoffs(c).filter((s) => s.status === 'live');
  const ranges = new Map(live.map((s) => [`${s.from}|${s.to}|${s.period}`, s]));
  const before = new Set(live.map((s) => s.id));
  for (const s of ranges.values()) {
    reconcile(deps, { connection, from: s.from, to: s.to, period: s.period, now: deps.clock() });
  }
  return deps.reviews.signoffs(c).filter((s) => s.status === 'voided' && before.has(s.id));
}
