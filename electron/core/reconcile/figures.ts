/**
 * The figures a sign-off covers, as canonical JSON text: amounts and counts only (no review state,
 * no tolerance, no class), so re-running with another tolerance never voids a sign-off while any
 * changed figure always does. The text is written directly (it is what canonicalJson would give
 * for the same value; a test holds them equal) because a range can hold 100,000 rows.
 */
import { createHash } from 'node:crypto';
import { sha256Hex } from '../review/canonical.ts';
import { parseStatement } from '../review/statement.ts';
import type { ItemFigureChange, ItemLabel } from '../review/types.ts';
import type { PaygAmounts, PaygRow, PortalRow, PortalTotals } from './types.ts';

export interface FigureLine {
  /** Stable name of the line: an item key, or "total", or "NGN|2026-01-05". */
  id: string;
  values: Record<string, string | number>;
}

export interface Figures {
  kind: 'portal' | 'payg';
  connection: string;
  from: string;
  to: string;
  period: string;
  lines: FigureLine[];
}

export interface Head {
  connection: string;
  from: string;
  to: string;
  period: string;
}

const q = JSON.stringify;
export type Sink = (chunk: string) => void;
const BATCH = 512;

/** Write the canonical text of a range's figures, line by line, to `sink` in chunks. */
export function emitFigures(kind: 'portal' | 'payg', head: Head, lines: Iterable<string>, sink: Sink): void {
  sink(`{"connection":${q(head.connection)},"from":${q(head.from)},"kind":"${kind}","lines":[`);
  let batch = '';
  let inBatch = 0;
  let first = true;
  for (const line of lines) {
    batch += first ? line : `,${line}`;
    first = false;
    if (++inBatch === BATCH) {
      sink(batch);
      batch = '';
      inBatch = 0;
    }
  }
  sink(`${batch}],"period":${q(head.period)},"to":${q(head.to)}}`);
}

/** The figures of one portal row (amounts as decimal text). Value keys sorted. */
export function portalFigureLine(r: Pick<PortalRow, 'key' | 'invoiced' | 'paid' | 'pending' | 'providerReported' | 'taskCount'>): string {
  return `{"id":${q(r.key)},"values":{"invoiced":"${r.invoiced}","paid":"${r.paid}","pending":"${r.pending}","providerReported":"${r.providerReported}","taskCount":${r.taskCount}}}`;
}

/** The figures of a portal range's totals: the last line. */
export function portalTotalLine(totals: Pick<PortalTotals, 'currency' | 'invoiced' | 'paid' | 'pending' | 'providerReported' | 'rowCount' | 'taskCount'>): string {
  return `{"id":"total","values":{"currency":${q(totals.currency)},"invoiced":"${totals.invoiced}","paid":"${totals.paid}","pending":"${totals.pending}","providerReported":"${totals.providerReported}","rows":${totals.rowCount},"taskCount":${totals.taskCount}}}`;
}

/** Rows in the order given (the ranking, a total order), then the total. */
function* portalLines(rows: readonly PortalRow[], totals: PortalTotals): Generator<string> {
  for (const r of rows) yield portalFigureLine(r);
  yield portalTotalLine(totals);
}

export function paygValues(a: PaygAmounts): string {
  return `{"billed":"${a.billed}","collected":"${a.collected}","count":${a.count},"draft":"${a.draft}","failed":"${a.failed}","outstanding":"${a.outstanding}"}`;
}

/** Rows per currency and period (never grouped), then the totals per currency. */
export function* paygLines(rows: readonly PaygRow[], totals: readonly PaygAmounts[]): Generator<string> {
  for (const r of rows) yield `{"id":${q(`${r.currency}|${r.periodStart}`)},"values":${paygValues(r)}}`;
  for (const t of totals) yield `{"id":${q(`total|${t.currency}`)},"values":${paygValues(t)}}`;
}

/** The lines of a portal document as objects, each as the canonical text holds it (a sign-off's statement is checked against them). */
export function* portalFigureLines(rows: readonly PortalRow[], totals: PortalTotals): Generator<FigureLine> {
  for (const r of rows) {
    yield { id: r.key, values: { invoiced: r.invoiced, paid: r.paid, pending: r.pending, providerReported: r.providerReported, taskCount: r.taskCount } };
  }
  yield {
    id: 'total',
    values: {
      currency: totals.currency,
      invoiced: totals.invoiced,
      paid: totals.paid,
      pending: totals.pending,
      providerReported: totals.providerReported,
      rows: totals.rowCount,
      taskCount: totals.taskCount,
    },
  };
}

function paygFigureValues(a: PaygAmounts): Record<string, string | number> {
  return { billed: a.billed, collected: a.collected, count: a.count, draft: a.draft, failed: a.failed, outstanding: a.outstanding };
}

export function* paygFigureLines(rows: readonly PaygRow[], totals: readonly PaygAmounts[]): Generator<FigureLine> {
  for (const r of rows) yield { id: `${r.currency}|${r.periodStart}`, values: paygFigureValues(r) };
  for (const t of totals) yield { id: `total|${t.currency}`, values: paygFigureValues(t) };
}

export function collectText(write: (sink: Sink) => void): string {
  const chunks: string[] = [];
  write((c) => chunks.push(c));
  return chunks.join('');
}

/** sha256 of the text, fed in chunks: the 10 MB text of 100,000 rows is never built to be hashed. */
export function hashChunks(write: (sink: Sink) => void): string {
  const h = createHash('sha256');
  write((c) => h.update(c, 'utf8'));
  return h.digest('hex');
}

export function portalFiguresText(head: Head, rows: readonly PortalRow[], totals: PortalTotals): string {
  return collectText((sink) => emitFigures('portal', head, portalLines(rows, totals), sink));
}

export function portalFiguresHash(head: Head, rows: readonly PortalRow[], totals: PortalTotals): string {
  return hashChunks((sink) => emitFigures('portal', head, portalLines(rows, totals), sink));
}

export function paygFiguresText(head: Head, rows: readonly PaygRow[], totals: readonly PaygAmounts[]): string {
  return collectText((sink) => emitFigures('payg', head, paygLines(rows, totals), sink));
}

export function paygFiguresHash(head: Head, rows: readonly PaygRow[], totals: readonly PaygAmounts[]): string {
  return hashChunks((sink) => emitFigures('payg', head, paygLines(rows, totals), sink));
}

export function figuresHash(text: string): string {
  return sha256Hex(text);
}

/** The figure lines of a figures text, or of a sign-off's statement (which holds the same lines); null when unreadable. */
export function parseFigures(text: string): Pick<Figures, 'lines'> | null {
  const statement = parseStatement(text);
  if (statement) return { lines: statement.figures.map((f) => ({ id: f.id, values: { ...f.values } })) };
  try {
    const value = JSON.parse(text) as Figures;
    return Array.isArray(value.lines) ? value : null;
  } catch {
    return null;
  }
}

/** Names the item a figure line is about, for people (core/language says it). */
export type LineLabeller = (id: string) => ItemLabel;

/** What changed between two versions of the same figures, as data: at most `limit` changes, and how many more. */
export function describeFigureChanges(before: Pick<Figures, 'lines'>, after: Pick<Figures, 'lines'>, labelOf: LineLabeller, limit = 5): { changes: ItemFigureChange[]; more: number } {
  const old = new Map(before.lines.map((l) => [l.id, l.values]));
  const now = new Map(after.lines.map((l) => [l.id, l.values]));
  const changes: { id: string; field: string; from: string | null; to: string | null }[] = [];
  for (const [id, values] of now) {
    const previous = old.get(id);
    if (!previous) {
      changes.push({ id, field: 'row', from: 'absent', to: 'present' });
      continue;
    }
    for (const [field, value] of Object.entries(values)) {
      if (previous[field] !== value) changes.push({ id, field, from: previous[field] === undefined ? null : String(previous[field]), to: String(value) });
    }
  }
  for (const id of old.keys()) if (!now.has(id)) changes.push({ id, field: 'row', from: 'present', to: 'absent' });
  // Only the changes shown are named (a name can be a lookup).
  return { changes: changes.slice(0, limit).map(({ id, ...change }) => ({ item: labelOf(id), ...change })), more: Math.max(0, changes.length - limit) };
}

/**
 * What changed since a sign-off: a describer for voidStaleSignoffs that compares the figures a
 * sign-off attested with those now (read once, however many sign-offs it describes).
 */
export function figureChangesSince(figuresNow: () => string, labelOf: LineLabeller): (signedFigures: string | null) => { changes: ItemFigureChange[]; more: number } {
  let now: Pick<Figures, 'lines'> | null | undefined;
  return (signedFigures) => {
    now ??= parseFigures(figuresNow());
    const before = signedFigures === null ? null : parseFigures(signedFigures);
    return before && now ? describeFigureChanges(before, now, labelOf) : { changes: [], more: 0 };
  };
}
