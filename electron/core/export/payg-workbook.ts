/**
 * The PAYG workbook: what was billed against what was collected, per currency and period.
 *
 *   Summary          per currency and period (and group), with per-currency totals as formulas
 *   Exceptions       failed, overdue, unsent and stuck billing periods, with the review columns
 *   Billing periods  every billing period of the range, as last synced
 *   Ageing           outstanding and failed amounts by days past the period end
 *   Checks           quarantined records, coverage gaps, items carried forward
 *   Restatements     figures that changed upstream after they were synced, and periods removed there
 *   Review log       the audit entries about these items, and the sign-offs with their hashes
 *   About            where the figures came from
 *
 * Currencies are never added together: every total is per currency.
 */
import type { OpenPayg } from '../reconcile/payg.ts';
import type { AgeingRow, BillingStatus, PaygAmounts, PaygException } from '../reconcile/types.ts';
import { addMinor, percentOf } from '../money/index.ts';
import { SplitTableSheet, TableSheet, type WorkbookWriter } from './table-sheet.ts';
import { columnLetter, type CellInput, type ColumnKind, type ColumnSpec, type FormulaValue } from './table.ts';
import {
  CHECK_TYPE,
  REVIEW_COLUMNS,
  carriedForwardLines,
  coverageGapLines,
  displayBaseUrl,
  reviewCells,
  reviewedSheetOptions,
  sheetOptions,
  writeAboutSheet,
  writeChecksSheet,
  writeRestatementsSheet,
  writeReviewLogSheet,
  type AboutLine,
  type CheckLine,
  type WorkbookMeta,
} from './shared-sheets.ts';
import type { WorkbookLanguage } from '../language/workbook.ts';
import { coverLines, utcMinute } from './cover.ts';
import { RowPump, openWorkbook, type WorkbookTarget, type WriteOptions } from './workbook-output.ts';
import { ExportIntegrityError, type WorkbookResult } from './result.ts';
import { writeCsv, type CsvOptions } from './csv.ts';

/** The sheets, in order; Exceptions and Billing periods continue on "… (2)" past Excel's row limit. */
export const PAYG_SHEETS = ['Summary', 'Exceptions', 'Billing periods', 'Ageing', 'Checks', 'Restatements', 'Review log', 'About'] as const;

/** One billing period as the Billing periods sheet lists it. */
export interface BillingPeriodLine {
  id: number;
  loanName: string;
  fundingSource: string | null;
  startDate: string;
  endDate: string;
  status: BillingStatus;
  currency: string;
  amountMinor: number;
  statusSince: string;
  lastSeenAt: string;
}

export const PAYG_EXCEPTION_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Key', kind: 'text', width: 14 },
  { header: 'Billing period ID', kind: 'integer', width: 12 },
  { header: 'Loan', kind: 'text', width: 30 },
  { header: 'Funding source', kind: 'text', width: 18 },
  { header: 'Start date', kind: 'date', width: 12 },
  { header: 'End date', kind: 'date', width: 12 },
  { header: 'Status', kind: 'text', width: 26 },
  { header: 'Exception', kind: 'text', width: 20 },
  { header: 'Currency', kind: 'text', width: 9 },
  { header: 'Amount', kind: 'money', width: 20 },
  { header: 'Days past end', kind: 'integer', width: 10 },
  { header: 'Days in status', kind: 'integer', width: 10 },
  { header: 'Status since (UTC)', kind: 'instant', width: 20 },
  ...REVIEW_COLUMNS,
];

const BILLING_PERIOD_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Billing period ID', kind: 'integer', width: 12 },
  { header: 'Loan', kind: 'text', width: 30 },
  { header: 'Funding source', kind: 'text', width: 18 },
  { header: 'Start date', kind: 'date', width: 12 },
  { header: 'End date', kind: 'date', width: 12 },
  { header: 'Status', kind: 'text', width: 26 },
  { header: 'Currency', kind: 'text', width: 9 },
  { header: 'Amount', kind: 'money', width: 20 },
  { header: 'Status since (UTC)', kind: 'instant', width: 20 },
  { header: 'Last seen (UTC)', kind: 'instant', width: 20 },
];

const AGEING_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Currency', kind: 'text', width: 9 },
  { header: 'Days past period end', kind: 'text', width: 14 },
  { header: 'Billing periods', kind: 'integer', width: 12 },
  { header: 'Amount', kind: 'money', width: 20 },
];

const AMOUNT_FIELDS = ['billedMinor', 'collectedMinor', 'outstandingMinor', 'failedMinor', 'draftMinor'] as const;

function summaryColumns(grouped: boolean): ColumnSpec[] {
  return [
    { header: 'Currency', kind: 'text', width: 9 },
    { header: 'Period start', kind: 'date', width: 12 },
    { header: 'Period end', kind: 'date', width: 12 },
    ...(grouped ? [{ header: 'Group', kind: 'text', width: 26 } satisfies ColumnSpec] : []),
    { header: 'Billing periods', kind: 'integer', width: 10 },
    { header: 'Billed', kind: 'money', width: 20 },
    { header: 'Collected', kind: 'money', width: 20 },
    { header: 'Outstanding', kind: 'money', width: 20 },
    { header: 'Failed', kind: 'money', width: 20 },
    { header: 'Draft', kind: 'money', width: 20 },
    { header: 'Collection rate', kind: 'percent', width: 12 },
  ];
}

export function paygExceptionCells(e: PaygException, lang: WorkbookLanguage): CellInput[] {
  return [
    e.key,
    e.id,
    e.loanName,
    e.fundingSource,
    e.startDate,
    e.endDate,
    lang.words.billingStatus[e.status] ?? e.status,
    lang.words.exception[e.kind] ?? e.kind,
    e.currency,
    e.amountMinor,
    e.daysPastEnd,
    e.daysInStatus,
    e.statusSince,
    ...reviewCells(e.review, true, lang),
  ];
}

/** The lines of the Checks sheet held in memory (quarantine, gaps); items carried forward follow. */
export function paygCheckLines(rec: OpenPayg['outline'], lang: WorkbookLanguage): CheckLine[] {
  return [
    ...rec.quarantined.map(
      (q): CheckLine => ({
        type: CHECK_TYPE.quarantined,
        key: q.key,
        check: lang.words.check.quarantined ?? 'quarantined',
        subject: q.recordKey,
        periodStart: q.periodStart,
        periodEnd: null,
        expected: null,
        actual: q.rawJson,
        message: lang.says.setAside(q.reason, utcMinute(q.detectedAt)),
        review: q.review,
        needsReview: true,
      }),
    ),
    ...coverageGapLines(rec.coverageGaps, lang),
  ];
}

/** Every line of the Checks sheet, the carried-forward items read from the cache a chunk at a time. */
function* checkLines(open: OpenPayg, inMemory: readonly CheckLine[], lang: WorkbookLanguage): Generator<CheckLine> {
  yield* inMemory;
  for (const chunk of open.openItems.chunks('t.carried = 1')) yield* carriedForwardLines(chunk, lang);
}

/** Per-currency sums of the period rows, checked against the reconciliation's own totals. */
function currencyTotals(rec: OpenPayg['outline']): Map<string, PaygAmounts> {
  const sums = new Map<string, PaygAmounts>();
  for (const row of rec.rows) {
    let t = sums.get(row.currency);
    if (!t) {
      t = { ...row, count: 0, billedMinor: 0, collectedMinor: 0, outstandingMinor: 0, failedMinor: 0, draftMinor: 0 };
      sums.set(row.currency, t);
    }
    t.count += row.count;
    for (const f of AMOUNT_FIELDS) t[f] = addMinor(t[f], row[f]);
  }
  for (const total of rec.totals) {
    const t = sums.get(total.currency);
    const mismatch = t === undefined ? total.count !== 0 : t.count !== total.count || AMOUNT_FIELDS.some((f) => t[f] !== total[f]);
    if (mismatch) throw new ExportIntegrityError(`the ${total.currency} period rows do not add up to the ${total.currency} totals`);
  }
  return sums;
}

/** Write the PAYG workbook. `billingPeriods` is read lazily, a chunk at a time, straight from the cache. */
export async function writePaygWorkbook(
  target: WorkbookTarget,
  open: OpenPayg,
  meta: WorkbookMeta,
  options: WriteOptions & { billingPeriods?: Iterable<readonly BillingPeriodLine[]>; billingPeriodCount?: number } = {},
): Promise<WorkbookResult> {
  const rec = open.outline;
  const { lang } = meta;
  const { term, words } = lang;
  const totals = currencyTotals(rec);
  const inMemory = paygCheckLines(rec, lang);
  const exceptions = open.exceptions.count;
  const checks = inMemory.length + open.openItems.countWhere('t.carried = 1');
  const total =
    rec.rows.length + totals.size + exceptions + (options.billingPeriodCount ?? 0) + rec.ageing.length + checks + rec.restatements.length + rec.removals.length + meta.auditEntries.length + rec.signoffs.length;
  const pump = new RowPump(total, options);
  pump.check();
  const output = openWorkbook(target, pump, new Date(meta.exportedAt));
  const sheets: string[] = [term('Summary')];
  const loans = new Map(rec.removals.map((r) => [r.key, r.loanName]));
  try {
    writeSummary(output.workbook, meta, rec, totals, pump);
    sheets.push(
      ...(await writeRows(output.workbook, meta, 'Exceptions', PAYG_EXCEPTION_COLUMNS, open.exceptions.chunks(), (e) => ({
        values: paygExceptionCells(e, lang),
        currency: e.currency,
        highlight: (e.review?.state ?? 'open') === 'open',
      }), pump, options.sheetRows)),
    );
    sheets.push(
      ...(await writeRows(output.workbook, meta, 'Billing periods', BILLING_PERIOD_COLUMNS, options.billingPeriods ?? [], (b) => ({
        values: [b.id, b.loanName, b.fundingSource, b.startDate, b.endDate, words.billingStatus[b.status] ?? b.status, b.currency, b.amountMinor, b.statusSince, b.lastSeenAt],
        currency: b.currency,
        highlight: b.status === 'PAYMENT_FAILED',
      }), pump, options.sheetRows)),
    );
    sheets.push(
      ...(await writeRows(output.workbook, meta, 'Ageing', AGEING_COLUMNS, [rec.ageing], (a: AgeingRow) => ({
        values: [a.currency, a.bucket, a.count, a.amountMinor],
        currency: a.currency,
        highlight: false,
      }), pump, options.sheetRows)),
    );
    await writeChecksSheet(output.workbook, meta, checkLines(open, inMemory, lang), pump);
    await writeRestatementsSheet(output.workbook, meta, rec.restatements, rec.removals, (key) => words.billingPeriod(key.replace(/^B\|/, ''), loans.get(key) ?? null), pump);
    await writeReviewLogSheet(output.workbook, meta, rec.signoffs, pump);
    writeAboutSheet(output.workbook, meta, aboutLines(rec, meta, { exceptions }));
    sheets.push(term('Checks'), term('Restatements'), term('Review log'), term('About'));
    pump.check();
    await output.close();
    pump.finish();
  } catch (error) {
    output.abandon();
    throw error;
  }
  return { sheets, rows: pump.rowsWritten };
}

/** A table from chunks of items, continued on a new sheet when one is full; returns the sheets' names. */
async function writeRows<T>(
  workbook: WorkbookWriter,
  meta: WorkbookMeta,
  name: string,
  columns: readonly ColumnSpec[],
  chunks: Iterable<readonly T[]>,
  toRow: (item: T) => { values: CellInput[]; currency: string; highlight: boolean },
  pump: RowPump,
  perSheet: number | undefined,
): Promise<string[]> {
  const options = columns.at(-1) === REVIEW_COLUMNS.at(-1) ? reviewedSheetOptions(columns, meta) : sheetOptions(meta);
  const sheet = new SplitTableSheet(workbook, meta.lang.term(name), columns, options, perSheet);
  for (const chunk of chunks) {
    for (const item of chunk) {
      const { values, currency, highlight } = toRow(item);
      sheet.addRow(values, { currency, highlight });
      if (pump.tick()) await pump.pause();
    }
  }
  sheet.finish();
  return sheet.names;
}

/** The exception thresholds in words: "outstanding after 30 days, draft unsent after 7, stuck after 14". */
function thresholdsText(rec: OpenPayg['outline'], lang: WorkbookLanguage): string {
  const t = rec.thresholds;
  return [
    `${lang.term('Outstanding after (days past period end)')}: ${t.outstandingDays}`,
    `${lang.term('Draft unsent after (days past period end)')}: ${t.draftDays}`,
    `${lang.term('Stuck after (days in one status)')}: ${t.stuckDays}`,
  ].join(' · ');
}

function writeSummary(workbook: WorkbookWriter, meta: WorkbookMeta, rec: OpenPayg['outline'], totals: Map<string, PaygAmounts>, pump: RowPump): void {
  const { lang } = meta;
  const grouped = rec.groupBy !== null;
  const columns = summaryColumns(grouped);
  const currencies = rec.totals.map((t) => t.currency).join(', ') || lang.term('(none in this range)');
  const cover = coverLines(meta, { from: rec.from, to: rec.to, period: rec.period, currency: currencies, tolerance: thresholdsText(rec, lang), toleranceLabel: 'Exception thresholds', complete: rec.complete, signoffs: rec.signoffs }, meta.signer, columns.length);
  const sheet = new TableSheet(workbook, lang.term('Summary'), columns, { ...sheetOptions(meta), preamble: cover });
  const at = (header: string): string => columnLetter(columns.findIndex((c) => c.header === header) + 1);
  const rateOf = (r: number, collected: number, billed: number): FormulaValue => ({
    formula: `IF(${at('Billed')}${r}=0,"",ROUND(${at('Collected')}${r}/${at('Billed')}${r},4))`,
    result: percentOf(collected, billed, 2),
  });
  for (const row of rec.rows) {
    sheet.addRow(
      [
        row.currency,
        row.periodStart,
        row.periodEnd,
        ...(grouped ? [row.group] : []),
        row.count,
        row.billedMinor,
        row.collectedMinor,
        row.outstandingMinor,
        row.failedMinor,
        row.draftMinor,
        row.collectionRate,
      ],
      { currency: row.currency, highlight: row.failedMinor !== 0 },
    );
    pump.tick();
  }
  // Per-currency totals: SUMIFS over the period lines above, never across currencies.
  const first = sheet.headerRow + 1;
  const last = Math.max(first, first + rec.rows.length - 1);
  const currencyRange = `$A$${first}:$A$${last}`;
  const sumIf = (header: string, r: number): string => {
    const l = at(header);
    return `SUMIFS($${l}$${first}:$${l}$${last},${currencyRange},$A${r})`;
  };
  const kinds: ColumnKind[] = columns.map((c) => c.kind);
  kinds[1] = 'text';
  let r = first + rec.rows.length;
  for (const [currency, t] of [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    sheet.addRow(
      [
        currency,
        lang.term('Total'),
        null,
        ...(grouped ? [null] : []),
        { formula: sumIf('Billing periods', r), result: t.count },
        { formula: sumIf('Billed', r), result: t.billedMinor },
        { formula: sumIf('Collected', r), result: t.collectedMinor },
        { formula: sumIf('Outstanding', r), result: t.outstandingMinor },
        { formula: sumIf('Failed', r), result: t.failedMinor },
        { formula: sumIf('Draft', r), result: t.draftMinor },
        rateOf(r, t.collectedMinor, t.billedMinor),
      ],
      { currency, bold: true, kinds },
    );
    pump.tick();
    r += 1;
  }
  sheet.addRow([]);
  const notes = [lang.says.paygBilledNote, lang.says.paygCurrenciesNote, rec.complete ? lang.says.paygComplete : lang.says.incomplete];
  for (const note of notes) sheet.addRow([note], { kinds: ['text'] });
  sheet.finish();
}

function aboutLines(rec: OpenPayg['outline'], meta: WorkbookMeta, counts: { exceptions: number }): AboutLine[] {
  const { term, says, words } = meta.lang;
  return [
    { label: 'Connection', value: meta.connection.name },
    { label: 'Kind', value: says.kindPayg },
    { label: 'Base URL', value: displayBaseUrl(meta.connection.baseUrl) },
    { label: 'Currencies', value: rec.totals.map((t) => t.currency).join(', ') || term('(none in this range)') },
    { label: 'From', value: rec.from, kind: 'date' },
    { label: 'To', value: rec.to, kind: 'date' },
    { label: 'Period', value: words.period[rec.period] },
    { label: 'Grouped by', value: rec.groupBy === null ? term('(not grouped)') : term(rec.groupBy === 'loan' ? 'Loan' : 'Funding source') },
    { label: 'Outstanding after (days past period end)', value: rec.thresholds.outstandingDays, kind: 'integer' },
    { label: 'Draft unsent after (days past period end)', value: rec.thresholds.draftDays, kind: 'integer' },
    { label: 'Stuck after (days in one status)', value: rec.thresholds.stuckDays, kind: 'integer' },
    { label: 'Complete', value: term(rec.complete ? 'Yes' : 'No: see Checks') },
    { label: 'Exceptions', value: counts.exceptions, kind: 'integer' },
    { label: 'Reconciled at (UTC)', value: rec.generatedAt, kind: 'instant' },
    { label: 'Exported at (UTC)', value: meta.exportedAt, kind: 'instant' },
    { label: 'App version', value: `Concilia ${meta.appVersion}` },
    { label: 'Language', value: meta.lang.language },
    { label: 'Figures hash (sha256)', value: meta.figuresHash },
    { label: 'About the hash', value: says.hashNote },
  ];
}

/** The Exceptions sheet as one flat CSV file. */
export async function writePaygCsv(target: WorkbookTarget, open: OpenPayg, lang: WorkbookLanguage, options: CsvOptions = {}): Promise<WorkbookResult> {
  const pump = new RowPump(open.exceptions.count, options);
  pump.check();
  await writeCsv(
    target,
    PAYG_EXCEPTION_COLUMNS.map((c) => ({ ...c, header: lang.term(c.header) })),
    (function* lines() {
      for (const chunk of open.exceptions.chunks()) for (const e of chunk) yield { values: paygExceptionCells(e, lang), currency: e.currency };
    })(),
    pump,
    options.delimiter,
  );
  return { sheets: [lang.term('Exceptions')], rows: pump.rowsWritten };
}
