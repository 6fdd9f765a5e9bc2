/**
 * Sign-off: a preparer, then a reviewer of another account, each signing the statement of a
 * range — its figures, the saved tolerance and every review (review/statement.ts). Strict by
 * default: a preparer sign-off is refused while any out-of-tolerance discrepancy, finding or
 * exception of the range is open, and the refusal says how many of each. A reviewer signs only
 * over the same hash as the live preparer sign-off.
 *
 * It sits above reconciliation (it signs what a reconciliation works out) and the review store
 * (where the sign-off is kept); when the figures change, the sign-offs are voided and say why — a
 * write step of its own, which sync runs after storing data and sign-off runs before signing. The
 * figures are read by one streaming query; the items and their reviews from an open
 * reconciliation, a chunk at a time, never a whole document.
 */
import { assertCacheSound, type ReadableDB } from '../cache/index.ts';
import { getConnection, type Connection } from '../connections/index.ts';
import type { Clock } from '../deps.ts';
import { figureChangesSince } from '../reconcile/figures.ts';
import { rangeFiguresHash, rangeFiguresText, type FiguresRange } from '../reconcile/figures-read.ts';
import { openReconciliation } from '../reconcile/reconcile.ts';
import type { CoverageGap } from '../reconcile/types.ts';
import { ReviewError } from '../review/errors.ts';
import { itemLabeller } from '../review/labels.ts';
import { voidStaleSignoffs } from '../review/stale-signoffs.ts';
import type { ReviewStore } from '../review/store.ts';
import { SIGNOFF_ROLES, type ItemFigureChange, type ItemLabel, type SignOffInput, type Signoff, type SignoffPeriodKind } from '../review/types.ts';
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
  connection: string;
  /** Periods of the range not fully synced (a sign-off is refused while there are any). */
  coverageGaps: CoverageGap[];
  /** Sign-offs of exactly this range, oldest first. */
  signoffs: Signoff[];
}

/**
 * Where a range stands for sign-off: reconciled with the saved tolerance, its items counted by
 * kind and state, and the statement a sign-off now would sign. Reads only (a sign-off voids the
 * range's stale sign-offs before it asks).
 */
export function readiness(deps: SignoffDeps, range: RangeOf): Readiness {
  const connection = getConnection(deps.db, range.connection);
  const figuresText = rangeFiguresText(deps.db, { connection: connection.name, from: range.from, to: range.to, period: range.period });
  const open = openReconciliation(deps, { connection: connection.name, from: range.from, to: range.to, period: range.period, now: deps.clock() });
  try {
    return {
      ...attest(open, figuresText),
      connection: connection.name,
      coverageGaps: open.outline.coverageGaps,
      signoffs: deps.reviews.signoffs(connection, { from: range.from, to: range.to, period: range.period }),
    };
  } finally {
    open.close();
  }
}

/** Sign a range: checked here, then kept (and, in team mode, vouched for by the server) by the review store. */
export async function signOff(deps: SignoffDeps, input: SignOffInput): Promise<Signoff> {
  assertCacheSound(deps.db, 'The sign-off'); // nothing is signed from a damaged cache (quick_check)
  const connection = getConnection(deps.db, input.connection);
  if (!SIGNOFF_ROLES.some((role) => role === input.role)) {
    throw new ReviewError(`The role must be preparer or reviewer, not "${String(input.role)}".`);
  }
  // A sign-off of this range whose figures changed since is void before anyone signs again.
  voidStale(deps, connection, { connection: connection.name, from: input.from, to: input.to, period: input.period });
  const ready = readiness(deps, input);
  if (ready.coverageGaps.length > 0) {
    const first = ready.coverageGaps[0];
    throw ReviewError.of({
      code: 'not_synced',
      connection: connection.name,
      from: input.from,
      to: input.to,
      periods: ready.coverageGaps.length,
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
    // Only in team mode can the figures differ here (each laptop syncs on its own): the reviewer is
    // told what differs, and to sync and compare, rather than signing other figures.
    if (preparer.figuresHash !== ready.figuresHash) {
      const differs = figureChangesOf(deps, connection, { connection: connection.name, from: input.from, to: input.to, period: input.period })(deps.reviews.signedFigures(preparer.id));
      throw ReviewError.of({ code: 'figures_differ', preparer: preparer.author, connection: connection.name, from: input.from, to: input.to, ...differs });
    }
    if (preparer.dataHash !== ready.statement.hash) throw ReviewError.of({ code: 'statement_changed', preparer: preparer.author });
  }
  return await deps.reviews.recordSignoff(connection, {
    from: input.from,
    to: input.to,
    period: input.period,
    role: input.role,
    statementText: ready.statement.text,
    dataHash: ready.statement.hash,
    figuresHash: ready.figuresHash,
    attested: ready.attested,
    items: ready.items,
  });
}

/**
 * Re-check every live sign-off of a connection against the cache and void those whose figures
 * changed: the write step sync runs after storing new data. Each range's figures are hashed by
 * one streaming read. Returns the sign-offs voided now.
 */
export function revalidateSignoffs(deps: SignoffDeps, connection: string): Signoff[] {
  const c = getConnection(deps.db, connection);
  const live = deps.reviews.signoffs(c).filter((s) => s.status === 'live');
  const ranges = new Map(live.map((s) => [`${s.from}|${s.to}|${s.period}`, s]));
  const before = new Set(live.map((s) => s.id));
  for (const s of ranges.values()) voidStale(deps, c, { connection: c.name, from: s.from, to: s.to, period: s.period });
  return deps.reviews.signoffs(c).filter((s) => s.status === 'voided' && before.has(s.id));
}

/** What changed between the figures a sign-off attested and those in the cache now, each line named. */
function figureChangesOf(deps: SignoffDeps, connection: Connection, range: FiguresRange): (signedFigures: string | null) => { changes: ItemFigureChange[]; more: number } {
  const label = itemLabeller(deps.db, connection, range.period);
  // A figure line is a portal row (its key names provider and period), a PAYG currency and period, or a total.
  const lineLabel = (id: string): ItemLabel =>
    connection.kind === 'portal'
      ? id === 'total'
        ? { key: id, name: null, periodStart: null, periodKind: null, currency: connection.currency }
        : label(id)
      : { key: id, name: null, periodStart: null, periodKind: range.period, currency: null };
  return figureChangesSince(() => rangeFiguresText(deps.db, range), lineLabel);
}

/** Void the live sign-offs of one range whose figures are no longer those in the cache, naming what changed. */
export function voidStale(deps: SignoffDeps, connection: Connection, range: FiguresRange): number {
  return voidStaleSignoffs(deps.reviews, connection, {
    from: range.from,
    to: range.to,
    period: range.period,
    figuresHash: () => rangeFiguresHash(deps.db, range),
    describeChange: figureChangesOf(deps, connection, range),
  });
}
