/**
 * Sheets both workbooks share: the checks (findings, coverage gaps, quarantined records,
 * restatements, items carried forward), the review log (audit entries and sign-offs) and About.
 */
import type { CoverageGap, OpenItem, PortalClass, Removal, Restatement } from '../reconcile/types.ts';
import type { AuditEntry, Review, Signoff } from '../review/types.ts';
import type { ItemKey } from '../review/keys.ts';
import { formatMinor, currencyExponent } from '../money/index.ts';
import { REVIEW_REASONS, REVIEW_STATES } from '../review/types.ts';
import type { WorkbookLanguage } from '../language/workbook.ts';
import { describeActor, describeAuditEntry, describeVoid } from '../language/describe.ts';
import type { ItemLabel, SavedTolerance } from '../review/types.ts';
import type { SignerKey } from './cover.ts';
import { EVIDENCE, type WorkbookEvidence } from './evidence.ts';
import { TableSheet, type ColumnList, type TableSheetOptions, type WorkbookWriter } from './table-sheet.ts';
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
  /** The reader's language: sheet names, headers, labels and notes. */
  lang: WorkbookLanguage;
  /** sha256 of the figures (printed in every footer). */
  figuresHash: string;
  /** The range in words, for the footer: "2026-01-01 to 2026-02-28 (monthly)". */
  range: string;
  /** The account and key fingerprint each sign-off was made with. */
  signer: SignerKey;
  /** Public keys, signed sign-off entries and attested reviews, for About (concilia verify reads them). */
  evidence: WorkbookEvidence;
  /** The connection's saved tolerance (what a sign-off attests); null for PAYG. */
  savedTolerance: SavedTolerance | null;
  /** Names the items of entries written before they carried their own label. */
  labelOf: (key: string) => ItemLabel | null;
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
  { header: 'Note', kind: 'text', width: 44, wrap: true },
];

/** An item that needs attention and has no review yet is open; other lines stay blank. States and reasons in words. */
export function reviewCells(review: Review | null, needsReview: boolean, lang: WorkbookLanguage): [string | null, string | null, string | null] {
  const state = review?.state ?? (needsReview ? 'open' : null);
  return [state === null ? null : lang.words.state[state], review?.reason ? lang.words.reason[review.reason] : null, review?.note ?? null];
}

/** The dropdowns of the review columns, when they start at `firstColumn` (1-based). */
export function reviewLists(firstColumn: number, lang: WorkbookLanguage): ColumnList[] {
  const v = lang.says.validation;
  return [
    { column: firstColumn, values: REVIEW_STATES.map((s) => lang.words.state[s]), title: v.stateTitle, prompt: v.state, errorTitle: v.errorTitle, error: v.error },
    { column: firstColumn + 1, values: REVIEW_REASONS.map((r) => lang.words.reason[r]), title: v.reasonTitle, prompt: v.reason, errorTitle: v.errorTitle, error: v.error },
  ];
}

/** What every sheet of a workbook shares: the reader's words for headers, the footer. */
export function sheetOptions(meta: WorkbookMeta): Pick<TableSheetOptions, 'term' | 'footer' | 'pageLabel'> {
  return { term: meta.lang.term, footer: meta.lang.says.footer(meta.connection.name, meta.range, meta.figuresHash), pageLabel: meta.lang.says.page };
}

/** A table sheet with the review columns last: its dropdowns over them. */
export function reviewedSheetOptions(columns: readonly ColumnSpec[], meta: WorkbookMeta): TableSheetOptions {
  return { ...sheetOptions(meta), lists: reviewLists(columns.length - REVIEW_COLUMNS.length + 1, meta.lang) };
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
  { header: 'Message', kind: 'text', width: 60, wrap: true },
  ...REVIEW_COLUMNS,
];

/** Index of the columns Summary formulas count on. */
export const CHECK_TYPE_COLUMN = 1;
export const CHECK_PERIOD_COLUMN = 5;

export const CHECK_TYPE = {
  finding: 'Finding',
  quarantined: 'Quarantined',
  coverageGap: 'Coverage gap',
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

export function coverageGapLines(gaps: readonly CoverageGap[], lang: WorkbookLanguage): CheckLine[] {
  const says = lang.says;
  return gaps.map((gap) => ({
    type: CHECK_TYPE.coverageGap,
    key: null,
    check: lang.term(gap.status),
    subject: null,
    periodStart: gap.periodStart,
    periodEnd: gap.periodEnd,
    expected: null,
    actual: null,
    message: gap.status === 'missing' ? says.neverSynced : gap.status === 'failed' ? says.lastSyncFailed(gap.error) : says.lastSyncIncomplete(gap.error),
    review: null,
    needsReview: false,
  }));
}

/** The portal's classes of a row, in the order Summary counts them, by their English names. */
export const CLASSES: readonly { cls: PortalClass; header: string }[] = [
  { cls: 'MATCHED', header: 'Matched' },
  { cls: 'WITHIN_TOLERANCE', header: 'Within tolerance' },
  { cls: 'PROVIDER_HIGHER', header: 'Provider higher' },
  { cls: 'PROVIDER_LOWER', header: 'Provider lower' },
];

export function classLabel(cls: PortalClass, lang: WorkbookLanguage): string {
  return lang.term(CLASSES.find((c) => c.cls === cls)?.header ?? cls);
}

/** What an open item is, in words: a portal row's class, or a billing period's exceptions. */
function openItemWhat(item: OpenItem, lang: WorkbookLanguage): string {
  if (item.kind === 'portal_row') return lang.term(CLASSES.find((c) => c.cls === item.description)?.header ?? item.description);
  return item.description
    .split(',')
    .map((kind) => lang.words.exception[kind] ?? kind)
    .join(', ');
}

export function carriedForwardLines(openItems: readonly OpenItem[], lang: WorkbookLanguage): CheckLine[] {
  return openItems
    .filter((item) => item.carriedForward)
    .map((item) => ({
      type: CHECK_TYPE.carriedForward,
      key: item.key,
      check: openItemWhat(item, lang),
      subject: item.providerId ?? (item.billingPeriodId === null ? null : String(item.billingPeriodId)),
      periodStart: item.periodStart,
      periodEnd: item.periodEnd,
      expected: null,
      actual: `${formatMinor(item.amountMinor, currencyExponent(item.currency))} ${item.currency}`,
      message: lang.says.stillOpen(item.ageDays),
      review: item.review,
      needsReview: true,
    }));
}

export async function writeChecksSheet(workbook: WorkbookWriter, meta: WorkbookMeta, lines: Iterable<CheckLine>, pump: RowPump): Promise<TableSheet> {
  const { term } = meta.lang;
  const sheet = new TableSheet(workbook, term('Checks'), CHECK_COLUMNS, reviewedSheetOptions(CHECK_COLUMNS, meta));
  for (const line of lines) {
    sheet.addRow(
      [
        term(line.type),
        line.key,
        line.check,
        line.subject,
        line.periodStart,
        line.periodEnd,
        line.expected,
        line.actual,
        line.message,
        ...reviewCells(line.review, line.needsReview, meta.lang),
      ],
      { highlight: (line.review?.state ?? 'open') === 'open' },
    );
    if (pump.tick()) await pump.pause();
  }
  sheet.finish();
  return sheet;
}

// ---------------------------------------------------------------------------------------------
// Restatements: figures that changed upstream after they were synced, and records removed there

const RESTATEMENT_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Item', kind: 'text', width: 34 },
  { header: 'Field', kind: 'text', width: 24 },
  { header: 'Old', kind: 'text', width: 20 },
  { header: 'New', kind: 'text', width: 20 },
  { header: 'Detected at (UTC)', kind: 'instant', width: 20 },
  { header: 'Period start', kind: 'date', width: 12 },
  { header: 'Evidence', kind: 'text', width: 50, wrap: true },
  { header: 'Key', kind: 'text', width: 26 },
];

/** A restated field in words: 'provider_reported' and 'providerReported' are both "Provider-reported". */
export function fieldInWords(field: string, lang: WorkbookLanguage): string {
  const camel = field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  if (field === 'row') return lang.term('Appeared or disappeared');
  if (field === 'presence') return lang.term('Presence upstream');
  return lang.words.field[camel] ?? lang.words.field[field] ?? field;
}

/** How an item of a restatement is named for people: the provider or loan and its period, the key kept beside. */
export type ItemNamer = (key: string) => string;

export async function writeRestatementsSheet(
  workbook: WorkbookWriter,
  meta: WorkbookMeta,
  restatements: readonly Restatement[],
  removals: readonly Removal[],
  nameOf: ItemNamer,
  pump: RowPump,
): Promise<TableSheet> {
  const { term } = meta.lang;
  const sheet = new TableSheet(workbook, term('Restatements'), RESTATEMENT_COLUMNS, sheetOptions(meta));
  const value = (v: string | null): string | null => (v === null ? null : term(v));
  for (const r of restatements) {
    sheet.addRow([nameOf(r.key), fieldInWords(r.field, meta.lang), value(r.oldDisplay ?? r.oldValue), value(r.newDisplay ?? r.newValue), r.detectedAt, r.periodStart, null, r.key], {
      highlight: true,
    });
    if (pump.tick()) await pump.pause();
  }
  for (const removal of removals) {
    sheet.addRow(
      [
        nameOf(removal.key),
        term('Removal'),
        `${removal.amount} ${removal.currency} (${meta.lang.words.billingStatus[removal.status] ?? removal.status})`,
        term('removed'),
        removal.removedAt,
        removal.startDate,
        `${meta.lang.says.removedBy404(removal.evidence.requestUrl)}${removal.reappearedAt ? ` · ${term('Listed again at (UTC)')} ${removal.reappearedAt}` : ''}`,
        removal.key,
      ],
      { highlight: removal.reappearedAt === null },
    );
    if (pump.tick()) await pump.pause();
  }
  if (restatements.length + removals.length === 0) sheet.addRow([meta.lang.says.noRestatements]);
  sheet.finish();
  return sheet;
}

// ---------------------------------------------------------------------------------------------
// Review log

const REVIEW_LOG_COLUMNS: readonly ColumnSpec[] = [
  { header: '#', kind: 'integer', width: 6 },
  { header: 'When (UTC)', kind: 'instant', width: 18 },
  { header: 'Who', kind: 'text', width: 20 },
  { header: 'Account', kind: 'text', width: 24 },
  { header: 'What', kind: 'text', width: 86, wrap: true },
  { header: 'Key', kind: 'text', width: 26 },
];

const SIGNOFF_HEADERS = ['Sign-off', 'Signed at (UTC)', 'Who', 'Account', 'Status', 'Role'];
const SIGNOFF_KINDS: readonly ColumnKind[] = ['integer', 'instant', 'text', 'text', 'text', 'text'];

/**
 * The audit entries about this workbook's items as sentences in the reader's language (who, when,
 * what), then the sign-offs of its range with their status in words.
 */
export async function writeReviewLogSheet(workbook: WorkbookWriter, meta: WorkbookMeta, signoffs: readonly Signoff[], pump: RowPump): Promise<TableSheet> {
  const { language, words, term } = meta.lang;
  const entries = meta.auditEntries;
  const sheet = new TableSheet(workbook, term('Review log'), REVIEW_LOG_COLUMNS, { ...sheetOptions(meta), filterRows: 1 + entries.length });
  for (const entry of entries) {
    const key = entry.subject !== null && !entry.subject.startsWith('signoff:') ? entry.subject : null;
    sheet.addRow([entry.seq, entry.at, describeActor(entry, language), entry.actor, describeAuditEntry(entry, language, meta.labelOf), key]);
    if (pump.tick()) await pump.pause();
  }
  sheet.addRow([]);
  sheet.addHeaderRow(SIGNOFF_HEADERS);
  if (signoffs.length === 0) sheet.addRow([null, null, null, null, meta.lang.says.noSignoff], { kinds: SIGNOFF_KINDS });
  for (const s of signoffs) {
    const status = s.status === 'live' ? term('live') : `${term('voided')} ${s.voidedAt ?? ''}: ${s.voidDetail ? describeVoid(s.voidDetail, language) : (s.voidReason ?? '')}`;
    sheet.addRow([s.id, s.signedAt, s.author, s.accountId, status, words.role[s.role]], { kinds: SIGNOFF_KINDS, highlight: s.status !== 'live' });
    if (pump.tick()) await pump.pause();
  }
  sheet.finish();
  return sheet;
}

// ---------------------------------------------------------------------------------------------
// About

/**
 * About prints portrait, fitted to the page width (about 70 % on A4 or Letter): every line's text
 * wraps within its column (a section's title alone runs on into the empty cells beside it), and
 * each column is as narrow as what it holds allows — a date or an instant never wraps, so its
 * column fits it whole; the second is the widest, for the values and the longest evidence.
 */
const ABOUT_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Item', kind: 'text', width: 20 },
  { header: 'Value', kind: 'text', width: 36 },
  { header: '', kind: 'text', width: 11 },
  { header: '', kind: 'text', width: 11 },
  { header: '', kind: 'text', width: 12 },
  { header: '', kind: 'text', width: 11 },
  { header: '', kind: 'text', width: 20 },
  { header: '', kind: 'text', width: 8 },
  { header: '', kind: 'text', width: 20 },
];

export interface AboutLine {
  label: string;
  value: CellInput;
  kind?: ColumnKind;
  currency?: string;
}

const WINDOW_HEADERS = ['Period start', 'Period end', 'Window start', 'Window end', 'Providers', 'Status', 'Synced at (UTC)', 'Rows', 'Error'];
const WINDOW_KINDS: readonly ColumnKind[] = ['date', 'date', 'date', 'date', 'text', 'text', 'instant', 'integer', 'text'];

export function writeAboutSheet(workbook: WorkbookWriter, meta: WorkbookMeta, lines: readonly AboutLine[]): TableSheet {
  const { term, says } = meta.lang;
  const windows = meta.windows;
  const sheet = new TableSheet(workbook, term('About'), ABOUT_COLUMNS, { ...sheetOptions(meta), autoFilter: false, headers: ['Item', 'Value'], portrait: true });
  for (const line of lines) {
    const options: { kinds: ColumnKind[]; currency?: string; wrap: true } = { kinds: ['text', line.kind ?? 'text'], wrap: true };
    if (line.currency) options.currency = line.currency;
    sheet.addRow([term(line.label), line.value], options);
  }
  sheet.addRow([]);
  sheet.addRow([says.windowsTitle], { kinds: ['text'], bold: true });
  sheet.addHeaderRow(WINDOW_HEADERS);
  if (windows.length === 0) sheet.addRow([says.nothingSynced], { kinds: ['text'], wrap: true });
  for (const w of windows) {
    sheet.addRow(
      [
        w.periodStart,
        w.periodEnd,
        w.windowStart,
        w.windowEnd,
        w.providerFilter === '' ? term('all') : w.providerFilter,
        term(w.status),
        w.syncedAt,
        w.rowCount,
        w.error,
      ],
      { kinds: WINDOW_KINDS, highlight: w.status !== 'ok', wrap: true },
    );
  }
  writeEvidence(sheet, meta);
  sheet.finish();
  return sheet;
}

const TEXT_LINE: readonly ColumnKind[] = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];

/**
 * About's evidence (evidence.ts), when the range was signed: the signers' public keys, each
 * sign-off's signed entry, and the reviews its statement attests, each table under its title.
 */
function writeEvidence(sheet: TableSheet, meta: WorkbookMeta): void {
  const { term, words } = meta.lang;
  const { keys, signoffs, reviews } = meta.evidence;
  if (signoffs.length === 0) return;
  /** A table under its title, each line's cells put in the order of the table's headers. */
  const section = <H extends string>(table: { title: string; headers: readonly H[] }, lines: readonly Record<H, CellInput>[]): void => {
    sheet.addRow([]);
    sheet.addRow([term(table.title)], { kinds: TEXT_LINE, bold: true });
    sheet.addHeaderRow(table.headers);
    for (const line of lines) sheet.addRow(table.headers.map((h) => line[h]), { kinds: TEXT_LINE, wrap: true });
  };
  section(
    EVIDENCE.keys,
    keys.map((k) => ({ Account: k.account, 'Display name': k.displayName, 'Key fingerprint': k.fingerprint, 'Public key (Ed25519)': k.publicKey })),
  );
  section(
    EVIDENCE.signoffs,
    signoffs.map((e) => ({
      'Sign-off': String(e.signoffId),
      Role: words.role[e.role],
      Account: e.account,
      'Display name': e.displayName,
      'Signed at (UTC)': e.signedAt,
      'Key fingerprint': e.fingerprint,
      Status: term(e.status),
      Signature: e.signature,
      'Signed entry': e.signedText,
    })),
  );
  section(
    EVIDENCE.reviews,
    reviews.map((r) => ({
      Key: r.item,
      'Review state': words.state[r.state as 'open'] ?? r.state,
      Reason: r.reason === null ? null : (words.reason[r.reason as 'other'] ?? r.reason),
      'Note (sha256)': r.noteSha256,
    })),
  );
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
