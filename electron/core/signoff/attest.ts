/**
 * What a sign-off of a reconciled range attests, worked out from the reconciliation (made with the
 * saved tolerance, never a what-if): the items that need a review and their states, counted by
 * kind, and the statement (review/statement.ts) whose hash is signed.
 *
 * Items that need a review: out-of-tolerance discrepancies and findings (portal); exceptions, one
 * per billing period, and set-aside records (PAYG). Items that do not need one (a row within
 * tolerance) still put their review in the statement when they have a settled one.
 */
import { paygFigureLines, portalFigureLines } from '../reconcile/figures.ts';
import type { Reconciliation } from '../reconcile/types.ts';
import { buildStatement, type Statement, type StatementReview } from '../review/statement.ts';
import { REVIEW_ITEM_KINDS, REVIEW_STATES, type Attested, type Review, type ReviewItemKind, type ReviewState, type ReviewTally } from '../review/types.ts';

export interface RangeItem {
  key: string;
  /** The kind of item that needs a review; null for one that does not (a row within tolerance). */
  kind: ReviewItemKind | null;
  review: Review | null;
}

export interface Attestation {
  tally: ReviewTally;
  /** Open items that need a review, by kind: any one refuses a preparer sign-off. */
  open: Record<ReviewItemKind, number>;
  openTotal: number;
  attested: Attested;
  statement: Statement;
  /** sha256 of the figures alone (a restatement changes it). */
  figuresHash: string;
}

export function emptyTally(): ReviewTally {
  const byState = (): Record<ReviewState, number> => Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<ReviewState, number>;
  return { discrepancies: byState(), findings: byState(), exceptions: byState() };
}

/** Every reviewable item of the range, each key once (a billing period with two exceptions is one item). */
export function rangeItems(result: Reconciliation): RangeItem[] {
  const items = new Map<string, RangeItem>();
  const add = (key: string, kind: ReviewItemKind | null, review: Review | null): void => {
    if (!items.has(key)) items.set(key, { key, kind, review });
  };
  if (result.kind === 'portal') {
    for (const r of result.rows) add(r.key, r.outOfTolerance ? 'discrepancies' : null, r.review);
    for (const f of result.findings) add(f.key, 'findings', f.review);
  } else {
    for (const e of result.exceptions) add(e.key, 'exceptions', e.review);
    for (const q of result.quarantined) add(q.key, 'findings', q.review);
  }
  return [...items.values()];
}

export function attest(result: Reconciliation): Attestation {
  const tally = emptyTally();
  const reviews: StatementReview[] = [];
  for (const item of rangeItems(result)) {
    const state = item.review?.state ?? 'open';
    if (item.kind !== null) tally[item.kind][state] += 1;
    if (item.review !== null) reviews.push({ item: item.key, state, reason: item.review.reason, note: item.review.note });
  }
  const open = Object.fromEntries(REVIEW_ITEM_KINDS.map((k) => [k, tally[k].open])) as Record<ReviewItemKind, number>;
  const head = { connection: result.connection, from: result.from, to: result.to, period: result.period };
  if (result.kind === 'portal') {
    const tolerance = { abs: result.tolerance.abs, pct: result.tolerance.pct };
    return {
      tally,
      open,
      openTotal: open.discrepancies + open.findings + open.exceptions,
      attested: { tolerance: { ...tolerance, currency: result.currency }, thresholds: null, tally },
      statement: buildStatement({ ...head, kind: 'portal', currency: result.currency, tolerance, thresholds: null }, portalFigureLines(result.rows, result.totals), reviews),
      figuresHash: result.dataHash,
    };
  }
  // Sign-offs attest the periods themselves, never a split by loan or funding source.
  if (result.groupBy !== null) throw new TypeError('A grouped PAYG reconciliation cannot be attested.');
  return {
    tally,
    open,
    openTotal: open.discrepancies + open.findings + open.exceptions,
    attested: { tolerance: null, thresholds: result.thresholds, tally },
    statement: buildStatement({ ...head, kind: 'payg', currency: null, tolerance: null, thresholds: result.thresholds }, paygFigureLines(result.rows, result.totals), reviews),
    figuresHash: result.dataHash,
  };
}
