/**
 * The statement a sign-off signs: one canonical text binding the connection, the range and
 * period, the currency, the saved tolerance (portal) or exception thresholds (PAYG), every
 * figure line, and the review state of every item of the range that was settled. Its sha256 is
 * the sign-off's figures hash (`dataHash`); the preparer signs it, and a reviewer can only
 * countersign the very same hash.
 *
 * It is built from per-item data an exported workbook carries (item key, figures as exact decimal
 * text, review state, reason and note at sign-off), so it can be recomputed away from the cache:
 * by `concilia verify` from a workbook, or by a reviewer on another computer.
 *
 * Version 1, `concilia-signoff-statement/1`. UTF-8 text, one canonical JSON value per line
 * (object keys sorted by UTF-16 code units, no whitespace, strings escaped as JSON.stringify
 * does), each line ending in "\n":
 *
 *  1. the head:
 *     {"connection":NAME,"currency":CUR|null,"from":DATE,"kind":"portal"|"payg","period":"month"|"week"|"range",
 *      "statement":"concilia-signoff-statement/1","thresholds":{"draftDays":N,"outstandingDays":N,"stuckDays":N}|null,
 *      "to":DATE,"tolerance":{"abs":DECIMAL,"pct":DECIMAL}|null}
 *     The portal has a currency and a tolerance (the saved one, never a what-if), the PAYG
 *     connection thresholds; the other is null.
 *  2. every figure line, sorted by its id (UTF-16 code units): {"id":ID,"values":{NAME:VALUE,…}}
 *     portal: one per row, id = the row's item key "P|provider|YYYY-MM-DD", values invoiced, paid,
 *       pending, providerReported (decimal text as the currency writes it, e.g. "37871055.00")
 *       and taskCount (an integer); then "total": currency, invoiced, paid, pending,
 *       providerReported, rows, taskCount.
 *     PAYG: one per currency and period, id "CUR|YYYY-MM-DD" (the period's start), values billed,
 *       collected, count, draft, failed, outstanding; then one per currency, id "total|CUR".
 *     (Sorted by id, each total comes after its lines: "P" and currency codes sort before "t".)
 *  3. one line per item of the range whose review is explained, resolved or carried_forward,
 *     sorted by item key: {"item":KEY,"note":SHA256_HEX|null,"reason":REASON|null,"state":STATE}.
 *     The note is given by the sha256 of its UTF-8 text (as kept: trimmed). Items of the range:
 *     the portal's rows and findings; PAYG exceptions (one per billing period) and set-aside
 *     records. An open item has no line.
 *
 * The test vector in test/unit/review/statement.test.ts pins the format.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import type { ItemKey } from './keys.ts';
import type { ReviewReason, ReviewState } from './types.ts';

export const STATEMENT_VERSION = 'concilia-signoff-statement/1';

export interface StatementHead {
  connection: string;
  kind: 'portal' | 'payg';
  from: string;
  to: string;
  period: 'month' | 'week' | 'range';
  currency: string | null;
  tolerance: { abs: string; pct: string } | null;
  thresholds: { outstandingDays: number; draftDays: number; stuckDays: number } | null;
}

export interface StatementFigure {
  id: string;
  values: Readonly<Record<string, string | number>>;
}

export interface StatementReview {
  item: ItemKey;
  state: ReviewState;
  reason: ReviewReason | null;
  /** The note's text (its digest goes in the statement). */
  note: string | null;
}

export function noteDigest(note: string | null): string | null {
  return note === null ? null : createHash('sha256').update(note, 'utf8').digest('hex');
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A settled review as the statement holds it: the note by its digest (how a workbook carries it). */
export interface StatementReviewLine {
  item: string;
  state: string;
  reason: string | null;
  noteSha256: string | null;
}

/** The statement's lines (each with its "\n"), in order. */
export function* statementLines(head: StatementHead, figures: Iterable<StatementFigure>, reviews: Iterable<StatementReview>): Generator<string> {
  const digested = [...reviews].map((r): StatementReviewLine => ({ item: r.item, state: r.state, reason: r.reason, noteSha256: noteDigest(r.note) }));
  yield* digestedStatementLines(head, figures, digested);
}

/** The same lines from reviews whose notes are given by digest (`concilia verify` reads them so from a workbook). */
export function* digestedStatementLines(head: StatementHead, figures: Iterable<StatementFigure>, reviews: Iterable<StatementReviewLine>): Generator<string> {
  yield `${canonicalJson({ ...head, statement: STATEMENT_VERSION })}\n`;
  for (const f of [...figures].sort((a, b) => byCodeUnits(a.id, b.id))) yield `${canonicalJson({ id: f.id, values: f.values })}\n`;
  const settled = [...reviews].filter((r) => r.state !== 'open').sort((a, b) => byCodeUnits(a.item, b.item));
  let last: string | null = null;
  for (const r of settled) {
    // One line per item, however many lists it appears in.
    if (r.item === last) continue;
    last = r.item;
    yield `${canonicalJson({ item: r.item, note: r.noteSha256, reason: r.reason, state: r.state })}\n`;
  }
}

/** sha256 (hex) of the statement of these lines, notes given by digest. */
export function statementHash(head: StatementHead, figures: Iterable<StatementFigure>, reviews: Iterable<StatementReviewLine>): string {
  const hash = createHash('sha256');
  for (const line of digestedStatementLines(head, figures, reviews)) hash.update(line, 'utf8');
  return hash.digest('hex');
}

export interface Statement {
  text: string;
  /** sha256 (hex) of `text`: the figures hash a sign-off records and signs. */
  hash: string;
}

export function buildStatement(head: StatementHead, figures: Iterable<StatementFigure>, reviews: Iterable<StatementReview>): Statement {
  const hash = createHash('sha256');
  let text = '';
  for (const line of statementLines(head, figures, reviews)) {
    hash.update(line, 'utf8');
    text += line;
  }
  return { text, hash: hash.digest('hex') };
}

export interface ParsedStatement {
  head: StatementHead;
  figures: StatementFigure[];
  reviews: { item: string; state: string; reason: string | null; note: string | null }[];
}

/** Read a statement back (a void compares its figures with today's); null when it is not one. */
export function parseStatement(text: string): ParsedStatement | null {
  const lines = text.split('\n').filter((l) => l !== '');
  try {
    const head = JSON.parse(lines[0] ?? '') as StatementHead & { statement?: string };
    if (head.statement !== STATEMENT_VERSION) return null;
    const figures: StatementFigure[] = [];
    const reviews: ParsedStatement['reviews'] = [];
    for (const line of lines.slice(1)) {
      const value = JSON.parse(line) as { id?: string; values?: Record<string, string | number>; item?: string; state?: string; reason?: string | null; note?: string | null };
      if (typeof value.id === 'string' && value.values) figures.push({ id: value.id, values: value.values });
      else if (typeof value.item === 'string') reviews.push({ item: value.item, state: value.state ?? '', reason: value.reason ?? null, note: value.note ?? null });
    }
    return { head, figures, reviews };
  } catch {
    return null;
  }
}
