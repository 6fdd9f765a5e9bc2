/**
 * What a sign-off of a reconciled range attests, worked out from the reconciliation (made with the
 * saved tolerance, never a what-if): the items that need a review and their states, counted by
 * kind, and the statement (review/statement.ts) whose hash is signed.
 *
 * Items that need a review: out-of-tolerance discrepancies and findings (portal); exceptions, one
 * per billing period, and set-aside records (PAYG). Items that do not need one (a row within
 * tolerance) still put their review in the statement when they have a settled one.
 *
 * A sign-off reads an open reconciliation (its big lists in temporary tables, a chunk at a time)
 * and the figures text of one streaming query; a whole document (the command line's, a test's)
 * gives the same attestation.
 */
import { figuresHash, parseFigures, paygFigureLines, portalFigureLines, type FigureLine } from '../reconcile/figures.ts';
import type { OpenReconciliation } from '../reconcile/reconcile.ts';
import type { Reconciliation } from '../reconcile/types.ts';
import { buildStatement, type Statement, type StatementReview } from '../review/statement.ts';
import { REVIEW_ITEM_KINDS, REVIEW_STATES, type Attested, type Review, type ReviewItemKind, type ReviewState, type ReviewTally, type SignedItem } from '../review/types.ts';

export interface RangeItem {
  key: string;
  /** The kind of item that needs a review; null for one that does not (a row within tolerance). */
  kind: ReviewItemKind | null;
  review: Review | null;
}

export interface Attestation {
  tally: ReviewTally;
  /** The items that need a review and the state of each (reviewItemsOf). */
  items: SignedItem[];
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

function* flat<T>(chunks: Iterable<T[]>): Generator<T> {
  for (const chunk of chunks) yield* chunk;
}

/**
 * Every reviewable item of the range, each key once (a billing period with two exceptions is one
 * item: its exceptions are listed side by side), read a chunk at a time from an open reconciliation.
 */
export function* rangeItems(source: Reconciliation | OpenReconciliation): Generator<RangeItem> {
  if (source.kind === 'portal') {
    const open = 'outline' in source ? source : null;
    const rows = open ? flat(open.rows.chunks()) : (source as Extract<Reconciliation, { kind: 'portal' }>).rows;
    for (const r of rows) yield { key: r.key, kind: r.outOfTolerance ? 'discrepancies' : null, review: r.review };
    for (const f of open ? open.outline.findings : (source as Extract<Reconciliation, { kind: 'portal' }>).findings) yield { key: f.key, kind: 'findings', review: f.review };
    return;
  }
  const open = 'outline' in source ? source : null;
  const document = source as Extract<Reconciliation, { kind: 'payg' }>;
  let last: string | null = null;
  for (const e of open ? flat(open.exceptions.chunks()) : document.exceptions) {
    if (e.key === last) continue;
    last = e.key;
    yield { key: e.key, kind: 'exceptions', review: e.review };
  }
  for (const q of open ? open.outline.quarantined : document.quarantined) yield { key: q.key, kind: 'findings', review: q.review };
}

/**
 * The items of a range that need a review, each key once, with the state it is in: what a sign-off
 * sends a team server to check against its own, and what the month-end overview counts as open.
 */
export function reviewItemsOf(source: Reconciliation | OpenReconciliation): SignedItem[] {
  const items: SignedItem[] = [];
  const seen = new Set<string>();
  for (const item of rangeItems(source)) {
    if (item.kind === null || seen.has(item.key)) continue;
    seen.add(item.key);
    items.push({ key: item.key, state: item.review?.state ?? 'open' });
  }
  return items;
}

/**
 * The attestation of a range. `figuresText`: the canonical figures text of the range (a sign-off
 * reads it by one streaming query); without it, a whole document's own rows give the figures.
 */
export function attest(source: Reconciliation | OpenReconciliation, figuresText?: string): Attestation {
  const tally = emptyTally();
  const reviews: StatementReview[] = [];
  const items: SignedItem[] = [];
  const seen = new Set<string>();
  for (const item of rangeItems(source)) {
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    const state = item.review?.state ?? 'open';
    if (item.kind !== null) {
      tally[item.kind][state] += 1;
      items.push({ key: item.key, state });
    }
    if (item.review !== null && item.review.state !== 'open') reviews.push({ item: item.key, state, reason: item.review.reason, note: item.review.note });
  }
  const open = Object.fromEntries(REVIEW_ITEM_KINDS.map((k) => [k, tally[k].open])) as Record<ReviewItemKind, number>;
  const openTotal = open.discrepancies + open.findings + open.exceptions;
  const result = 'outline' in source ? source.outline : source;
  const head = { connection: result.connection, from: result.from, to: result.to, period: result.period };
  const figures = figuresOf(source, figuresText);
  if (result.kind === 'portal') {
    const tolerance = { abs: result.tolerance.abs, pct: result.tolerance.pct };
    return {
      tally,
      items,
      open,
      openTotal,
      attested: { tolerance: { ...tolerance, currency: result.currency }, thresholds: null, tally },
      statement: buildStatement({ ...head, kind: 'portal', currency: result.currency, tolerance, thresholds: null }, figures.lines, reviews),
      figuresHash: figures.hash,
    };
  }
  // Sign-offs attest the periods themselves, never a split by loan or funding source.
  if (result.groupBy !== null) throw new TypeError('A grouped PAYG reconciliation cannot be attested.');
  return {
    tally,
    items,
    open,
    openTotal,
    attested: { tolerance: null, thresholds: result.thresholds, tally },
    statement: buildStatement({ ...head, kind: 'payg', currency: null, tolerance: null, thresholds: result.thresholds }, figures.lines, reviews),
    figuresHash: figures.hash,
  };
}

function figuresOf(source: Reconciliation | OpenReconciliation, text: string | undefined): { lines: Iterable<FigureLine>; hash: string } {
  if (text !== undefined) {
    const parsed = parseFigures(text);
    if (!parsed) throw new TypeError('The figures of the range could not be read back.');
    return { lines: parsed.lines, hash: figuresHash(text) };
  }
  if ('outline' in source) throw new TypeError('An open reconciliation is attested with the figures text of its range.');
  return source.kind === 'portal'
    ? { lines: portalFigureLines(source.rows, source.totals), hash: source.dataHash }
    : { lines: paygFigureLines(source.rows, source.totals), hash: source.dataHash };
}
