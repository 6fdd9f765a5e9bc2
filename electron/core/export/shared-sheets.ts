/**
 * Sheets both workbooks share: the checks (findings, coverage gaps, quarantined records,
 * restatements, items carried forward), the review log (audit entries and sign-offs) and About.
 */
import type { CoverageGap, OpenItem, Restatement } from '../reconcile/types.ts';
import type { AuditEntry, Review, Signoff } from '../review/types.ts';
import type { ItemKey } from '../review/keys.ts';
import { canonicalJson } from '../review/canonical.ts';
import { formatMinor, currencyExponent } from '../money/index.ts';
import { TableSheet, type WorkbookWriter } from './table-sheet.ts';
import type { CellInput, ColumnKind, ColumnSpec } from './table.ts';
import type { RowPump } from './workbook-output.ts';

// ---------------------------------------------------------------------------------------------
// What the workbook says about where its figures came from

export interface ConnectionInfo {
  name: string;
  kind: 'portal' | 'payg';
  /** Shown as given, minus any user name, password or query (never a secret). */
  baseUrl: string;
  tenant: string | null;
  currency: string | null;
}

export interface SyncWindowInfo {
  periodStart: string;
  periodEnd: string;
  windowStart: string;
  windowEnd: string;
  /** '' = all providers; else the chunk of provider ids. */
  providerFilter: string;
  status: string;
  syncedAt: string | null;
  lastAttemptAt: string;
  rowCount: number;
  quarantined: number;
  error: string | null;
}

export interface WorkbookMeta {
  appVersion: string;
  /** ISO-8601 UTC instant of the export. */
  exportedAt: string;
  connection: ConnectionInfo;
  /** Sync windows that overlap the range, in period order. */
  windows: readonly SyncWindowInfo[];
  /** Audit entries about the items and sign-offs in the workbook, in sequence order. */
  auditEntries: readonly AuditEntry[];
}

// ---------------------------------------------------------------------------------------------
// Review columns, shared by every sheet a reviewer may fill in

export const REVIEW_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Review state', kind: 'text', width: 13 },
  { header: 'Reason', kind: 'text', width: 15 },
  { header: 'Note', kind: 'text', width: 44 },
];

/** An item that needs attention and has no review yet is 'open'; other lines stay blank. */
export function reviewCells(review: Review | null, needsReview: boolean): [string | null, string | null, string | null] {
  return [review?.state ?? (needsReview ? 'open' : null), review?.reason ?? null, review?.note ?? null];
}

// ---------------------------------------------------------------------------------------------
// Checks

export const CHECK_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Type', kind: 'text', width: 16 },
  { header: 'Key', kind: 'text', width: 34 },
  { header: 'Check', kind: 'text', width: 22 },
  { header: 'Provider / record', kind: 'text', width: 16 },
  { header: 'Period start', kind: 'date', width: 12 },
  { header: 'Period end', kind: 'date', width: 12 },
  { header: 'Expected', kind: 'text', width: 18 },
  { header: 'Actual', kind: 'text', width: 18 },
  { header: 'Message', kind: 'text', width: 60 },
  ...REVIEW_COLUMNS,
];

/** Index of the columns Summary formulas count on. */
export const CHECK_TYPE_COLUMN = 1;
export const CHECK_PERIOD_COLUMN = 5;

export const CHECK_TYPE = {
  finding: 'Finding',
  quarantined: 'Quarantined',
  coverageGap: 'Coverage gap',
  restatement: 'Restatement',
  carriedForward: 'Carried forward',
} as const;

export interface CheckLine {
  type: (typeof CHECK_TYPE)[keyof typeof CHECK_TYPE];
  key: ItemKey | null;
  check: string;
  subject: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  expected: string | null;
  actual: string | null;
  message: string;
  review: Review | null;
  /** Whether an unreviewed line counts as open. */
  needsReview: boolean;
}

export function coverageGapLines(gaps: readonly CoverageGap[]): CheckLine[] {
  return gaps.map((gap) => ({
    type: CHECK_TYPE.coverageGap,
    key: null,
    check: gap.status,
    subject: null,
    periodStart: gap.periodStart,
    periodEnd: gap.periodEnd,
    expected: null,
    actual: null,
    message:
      gap.status === 'missing'
        ? 'Never synced: the figures for this period are missing. Sync the range and export again.'
        : `The last sync of this period ${gap.status === 'failed' ? 'failed' : 'is incomplete'}${gap.error ? `: ${gap.error}` : '.'}`,
    review: null,
    needsReview: false,
  }));
}

export function restatementLines(restatements: readonly Restatement[]): CheckLine[] {
  return restatements.map((r) => ({
    type: CHECK_TYPE.restatement,
    key: r.key,
    check: r.field,
    subject: r.entity,
    periodStart: r.periodStart,
    periodEnd: null,
    expected: r.oldDisplay ?? r.oldValue,
    actual: r.newDisplay ?? r.newValue,
    message: `Changed upstream after it was first synced; detected ${r.detectedAt}.`,
    review: null,
    needsReview: false,
  }));
}

export function carriedForwardLines(openItems: readonly OpenItem[]): CheckLine[] {
  return openItems
    .filter((item) => item.carriedForward)
    .map((item) => ({
      type: CHECK_TYPE.carriedForward,
      key: item.key,
      check: item.description,
      subject: item.providerId ?? (item.billingPeriodId === null ? null : String(item.billingPeriodId)),
      periodStart: item.periodStart,
      periodEnd: item.periodEnd,
      expected: null,
      actual: `${formatMinor(item.amountMinor, currencyExponent(item.currency))} ${item.currency}`,
      message: `Still open from before this range, ${item.ageDays} days after its period ended.`,
      review: item.review,
      needsReview: true,
    }));
}

export async function writeChecksSheet(workbook: WorkbookWriter, lines: Iterable<CheckLine>, pump: RowPump): Promise<TableSheet> {
  const sheet = new TableSheet(workbook, 'Checks', CHECK_COLUMNS);
  for (const line of lines) {
    sheet.addRow(
      [
        line.type,
        line.key,
        line.check,
        line.subject,
        line.periodStart,
        line.periodEnd,
        line.expected,
        line.actual,
        line.message,
        ...reviewCells(line.review, line.needsReview),
      ],
      { highlight: line.type !== CHECK_TYPE.restatement && (line.review?.state ?? 'open') === 'open' },
    );
    if (pump.tick()) await pump.pause();
  }
  sheet.finish();
  return sheet;
}

// ---------------------------------------------------------------------------------------------
// Review log

const REVIEW_LOG_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Seq', kind: 'integer', width: 8 },
  { header: 'At (UTC)', kind: 'instant', width: 20 },
  { header: 'Actor', kind: 'text', width: 18 },
  { header: 'Action', kind: 'text', width: 14 },
  { header: 'Subject', kind: 'text', width: 30 },
  { header: 'Details', kind: 'text', width: 70 },
  { header: 'Hash', kind: 'text', width: 66 },
];

const SIGNOFF_HEADERS = ['Sign-off', 'Signed at (UTC)', 'Author', 'Role', 'Covers', 'Status', 'Data hash (sha256)'];

/** The audit entries about this workbook's items, then the sign-offs of its range. */
export async function writeReviewLogSheet(
  workbook: WorkbookWriter,
  entries: readonly AuditEntry[],
  signoffs: readonly Signoff[],
  pump: RowPump,
): Promise<TableSheet> {
  const sheet = new TableSheet(workbook, 'Review log', REVIEW_LOG_COLUMNS, { filterRows: 1 + entries.length });
  for (const entry of entries) {
    sheet.addRow([entry.seq, entry.at, entry.actor, entry.action, entry.subject, canonicalJson(entry.payload ?? null), entry.hash]);
    if (pump.tick()) await pump.pause();
  }
  sheet.addRow([]);
  sheet.addHeaderRow(SIGNOFF_HEADERS);
  if (signoffs.length === 0) sheet.addRow([null, null, null, null, 'No sign-off covers this range.'], { kinds: TEXT_ROW });
  for (const s of signoffs) {
    const status = s.status === 'live' ? 'live' : `voided ${s.voidedAt ?? ''}${s.voidReason ? `: ${s.voidReason}` : ''}`;
    sheet.addRow([s.id, s.signedAt, s.author, s.role, `${s.from} to ${s.to} by ${s.period}`, status, s.dataHash], {
      highlight: s.status !== 'live',
    });
    if (pump.tick()) await pump.pause();
  }
  sheet.finish();
  return sheet;
}

const TEXT_ROW: readonly ColumnKind[] = ['text', 'text', 'text', 'text', 'text', 'text', 'text'];

// ---------------------------------------------------------------------------------------------
// About

const ABOUT_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Item', kind: 'text', width: 30 },
  { header: 'Value', kind: 'text', width: 46 },
  { header: '', kind: 'text', width: 12 },
  { header: '', kind: 'text', width: 12 },
  { header: '', kind: 'text', width: 16 },
  { header: '', kind: 'text', width: 11 },
  { header: '', kind: 'text', width: 20 },
  { header: '', kind: 'text', width: 9 },
  { header: '', kind: 'text', width: 50 },
];

export interface AboutLine {
  label: string;
  value: CellInput;
  kind?: ColumnKind;
  currency?: string;
}

const WINDOW_HEADERS = ['Period start', 'Period end', 'Window start', 'Window end', 'Providers', 'Status', 'Synced at (UTC)', 'Rows', 'Error'];
const WINDOW_KINDS: readonly ColumnKind[] = ['date', 'date', 'date', 'date', 'text', 'text', 'instant', 'integer', 'text'];

export function writeAboutSheet(workbook: WorkbookWriter, lines: readonly AboutLine[], windows: readonly SyncWindowInfo[]): TableSheet {
  const sheet = new TableSheet(workbook, 'About', ABOUT_COLUMNS, { autoFilter: false, headers: ['Item', 'Value'] });
  for (const line of lines) {
    const options: { kinds: ColumnKind[]; currency?: string } = { kinds: ['text', line.kind ?? 'text'] };
    if (line.currency) options.currency = line.currency;
    sheet.addRow([line.label, line.value], options);
  }
  sheet.addRow([]);
  sheet.addRow(['When each window of the range was synced'], { kinds: ['text'], bold: true });
  sheet.addHeaderRow(WINDOW_HEADERS);
  if (windows.length === 0) sheet.addRow(['Nothing of this range has been synced.'], { kinds: ['text'] });
  for (const w of windows) {
    sheet.addRow(
      [
        w.periodStart,
        w.periodEnd,
        w.windowStart,
        w.windowEnd,
        w.providerFilter === '' ? 'all' : w.providerFilter,
        w.status,
        w.syncedAt,
        w.rowCount,
        w.error,
      ],
      { kinds: WINDOW_KINDS, highlight: w.status !== 'ok' },
    );
  }
  sheet.finish();
  return sheet;
}

/** A base URL fit to print: no user name, password, query or fragment. */
export function displayBaseUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return '(not a valid URL)';
  }
}
