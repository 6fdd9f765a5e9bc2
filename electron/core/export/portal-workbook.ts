/**
 * The portal workbook: what was invoiced against what providers reported, period by period.
 *
 *   Summary        per period; every figure a formula over the detail sheets, with its result
 *   Discrepancies  the rows outside tolerance, with the review columns a reviewer fills in
 *   All rows       every row, matched ones included (the formulas' source)
 *   Checks         upstream invariants that failed, coverage gaps, quarantine, items carried forward
 *   Restatements   figures that changed upstream after they were synced
 *   Review log     the audit entries about these items, and the sign-offs with their hashes
 *   About          where the figures came from
 */
import type { OpenPortal } from '../reconcile/portal.ts';
import { OUT_OF_TOLERANCE, type PeriodRowSums } from '../reconcile/portal-rows.ts';
import type { PortalClass, PortalFinding, PortalRow } from '../reconcile/types.ts';
import { addMinor, currencyExponent, formatMinor, percentOf } from '../money/index.ts';
import { SplitTableSheet, TableSheet, sheetParts, type WorkbookWriter } from './table-sheet.ts';
import { columnLetter, sheetRef, type CellInput, type ColumnSpec, type FormulaValue } from './table.ts';
import {
  CHECK_COLUMNS,
  CHECK_PERIOD_COLUMN,
  CHECK_TYPE,
  CHECK_TYPE_COLUMN,
  CLASSES,
  REVIEW_COLUMNS,
  carriedForwardLines,
  classLabel,
  coverageGapLines,
  displayBaseUrl,
  reviewCells,
  reviewedSheetOptions,
  sheetOptions,
  writeAboutSheet,
  writeChecksSheet,
  writeRestatementsSheet,
  writeReviewLogSheet,
  type CheckLine,
  type WorkbookMeta,
} from './shared-sheets.ts';
import type { WorkbookLanguage } from '../language/workbook.ts';
import { formatDecimal, formatPercent } from '../language/format.ts';
import { describeFinding, describeFindingFigure } from '../language/findings.ts';
import { coverLines } from './cover.ts';
import { RowPump, openWorkbook, type WorkbookTarget, type WriteOptions } from './workbook-output.ts';
import { ExportIntegrityError, type WorkbookResult } from './result.ts';
import { writeCsv, type CsvOptions } from './csv.ts';

/** The sheets, in order; Discrepancies and All rows continue on "… (2)" past Excel's row limit. */
export const PORTAL_SHEETS = ['Summary', 'Discrepancies', 'All rows', 'Checks', 'Restatements', 'Review log', 'About'] as const;

/** The columns of Discrepancies and All rows (and of the CSV), in the order the issue fixes. */
export const PORTAL_ROW_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Key', kind: 'text', width: 30 },
  { header: 'Provider ID', kind: 'text', width: 13 },
  { header: 'Provider', kind: 'text', width: 32 },
  { header: 'Period start', kind: 'date', width: 12 },
  { header: 'Period end', kind: 'date', width: 12 },
  { header: 'Invoiced', kind: 'money', width: 20 },
  { header: 'Provider reported', kind: 'money', width: 20 },
  { header: 'Difference', kind: 'money', width: 20 },
  { header: 'Difference %', kind: 'percent', width: 12 },
  { header: 'Status', kind: 'text', width: 18 },
  ...REVIEW_COLUMNS,
];

/**
 * All rows adds the rest of each row's figures (paid, pending, tasks), so the workbook holds every
 * figure a sign-off attests and `concilia verify` can recompute its hash from the sheet alone.
 */
export const ALL_ROW_COLUMNS: readonly ColumnSpec[] = [
  ...PORTAL_ROW_COLUMNS.slice(0, -REVIEW_COLUMNS.length),
  { header: 'Paid', kind: 'money', width: 20 },
  { header: 'Pending', kind: 'money', width: 20 },
  { header: 'Tasks', kind: 'integer', width: 9 },
  ...REVIEW_COLUMNS,
];

const SUMMARY_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Period start', kind: 'date', width: 12 },
  { header: 'Period end', kind: 'date', width: 12 },
  { header: 'Rows', kind: 'integer', width: 8 },
  { header: 'Invoiced', kind: 'money', width: 20 },
  { header: 'Provider reported', kind: 'money', width: 20 },
  { header: 'Difference', kind: 'money', width: 20 },
  { header: 'Difference %', kind: 'percent', width: 12 },
  ...CLASSES.map((c): ColumnSpec => ({ header: c.header, kind: 'integer', width: 11 })),
  { header: 'Findings', kind: 'integer', width: 10 },
  { header: 'Open items', kind: 'integer', width: 10 },
  { header: 'Covered', kind: 'text', width: 9 },
];

/** The words of a row's class: "Provider higher", "Proveedor mayor". */
/** One row as cells, in PORTAL_ROW_COLUMNS order (ALL_ROW_COLUMNS with `allFigures`). */
export function portalRowCells(row: PortalRow, lang: WorkbookLanguage, allFigures = false): CellInput[] {
  return [
    row.key,
    row.providerId,
    row.providerName,
    row.periodStart,
    row.periodEnd,
    row.invoicedMinor,
    row.providerReportedMinor,
    row.differenceMinor,
    row.differencePct,
    classLabel(row.status, lang),
    ...(allFigures ? [row.paidMinor, row.pendingMinor, row.taskCount] : []),
    ...reviewCells(row.review, row.outOfTolerance, lang),
  ];
}

function isOpen(row: PortalRow): boolean {
  return row.outOfTolerance && (row.review?.state ?? 'open') === 'open';
}

function findingLine(f: PortalFinding, lang: WorkbookLanguage): CheckLine {
  return {
    type: f.check === 'quarantined' ? CHECK_TYPE.quarantined : CHECK_TYPE.finding,
    key: f.key,
    check: lang.words.check[f.check] ?? f.check,
    subject: f.providerId,
    periodStart: f.periodStart,
    periodEnd: f.periodEnd,
    expected: describeFindingFigure(f.check, f.expected, lang.language),
    actual: describeFindingFigure(f.check, f.actual, lang.language),
    message: describeFinding(f, lang.language),
    review: f.review,
    needsReview: true,
  };
}

/** The lines of the Checks sheet held in memory (findings, gaps); items carried forward follow. */
export function portalCheckLines(rec: OpenPortal['outline'], lang: WorkbookLanguage): CheckLine[] {
  const findingGaps = new Set(rec.findings.filter((f) => f.check === 'coverage_gap').map((f) => f.periodStart));
  return [
    ...rec.findings.map((f) => findingLine(f, lang)),
    // A gap the checks already reported as a finding is not listed twice.
    ...coverageGapLines(rec.coverageGaps.filter((g) => !findingGaps.has(g.periodStart)), lang),
  ];
}

/** Every line of the Checks sheet, the carried-forward items read from the cache a chunk at a time. */
function* checkLines(open: OpenPortal, inMemory: readonly CheckLine[], lang: WorkbookLanguage): Generator<CheckLine> {
  yield* inMemory;
  for (const chunk of open.openItems.chunks('t.carried = 1')) yield* carriedForwardLines(chunk, lang);
}

interface PeriodAggregate extends PeriodRowSums {
  findings: number;
}

function emptyAggregate(): PeriodAggregate {
  return { rows: 0, invoiced: 0, providerReported: 0, difference: 0, classes: { MATCHED: 0, WITHIN_TOLERANCE: 0, PROVIDER_HIGHER: 0, PROVIDER_LOWER: 0 }, open: 0, findings: 0 };
}

/**
 * What the Summary formulas will compute, summed from the rows the detail sheets get, and checked
 * against the reconciliation's own totals: a workbook whose totals disagree with its lines must
 * never reach an auditor.
 */
function aggregate(open: OpenPortal, checks: readonly CheckLine[]): Map<string, PeriodAggregate> {
  const rec = open.outline;
  const byPeriod = new Map<string, PeriodAggregate>(rec.periods.map((p) => [p.periodStart, emptyAggregate()]));
  for (const [periodStart, sums] of open.periodSums()) {
    const agg = byPeriod.get(periodStart);
    if (!agg) throw new ExportIntegrityError(`rows of ${periodStart} belong to no period of the reconciliation`);
    Object.assign(agg, sums);
  }
  for (const line of checks) {
    if (line.type !== CHECK_TYPE.finding || line.periodStart === null) continue;
    const agg = byPeriod.get(line.periodStart);
    if (agg) agg.findings += 1;
  }
  for (const p of rec.periods) {
    const agg = byPeriod.get(p.periodStart) ?? emptyAggregate();
    const mismatch: string[] = [];
    if (agg.rows !== p.rowCount) mismatch.push(`rows ${agg.rows} vs ${p.rowCount}`);
    if (agg.invoiced !== p.invoicedMinor) mismatch.push('invoiced');
    if (agg.providerReported !== p.providerReportedMinor) mismatch.push('provider reported');
    if (agg.difference !== p.differenceMinor) mismatch.push('difference');
    for (const { cls } of CLASSES) if (agg.classes[cls] !== p.classes[cls]) mismatch.push(cls);
    if (mismatch.length > 0) throw new ExportIntegrityError(`period ${p.periodStart}: the rows do not add up to the period's totals (${mismatch.join(', ')})`);
  }
  return byPeriod;
}

/** Write the portal workbook to a file path (created or replaced) or a stream. */
export async function writePortalWorkbook(target: WorkbookTarget, open: OpenPortal, meta: WorkbookMeta, options: WriteOptions = {}): Promise<WorkbookResult> {
  const rec = open.outline;
  const { lang } = meta;
  const name = (english: (typeof PORTAL_SHEETS)[number]): string => lang.term(english);
  const inMemory = portalCheckLines(rec, lang);
  const carried = open.openItems.countWhere('t.carried = 1');
  const byPeriod = aggregate(open, inMemory);
  const discrepancies = open.rows.countWhere(OUT_OF_TOLERANCE);
  const rows = open.rows.count;
  const checks = inMemory.length + carried;
  const total = rec.periods.length + 1 + discrepancies + rows + checks + rec.restatements.length + meta.auditEntries.length + rec.signoffs.length;
  const perSheet = options.sheetRows;
  const pump = new RowPump(total, options);
  pump.check();
  const output = openWorkbook(target, pump, new Date(meta.exportedAt));
  const sheets: string[] = [name('Summary')];
  try {
    writeSummary(output.workbook, meta, rec, byPeriod, { discrepancies: sheetParts(name('Discrepancies'), discrepancies, perSheet), all: sheetParts(name('All rows'), rows, perSheet), checks }, pump);
    sheets.push(...(await writeRowSheet(output.workbook, meta, name('Discrepancies'), PORTAL_ROW_COLUMNS, open.rows.chunks(OUT_OF_TOLERANCE), isOpen, pump, perSheet)));
    sheets.push(...(await writeRowSheet(output.workbook, meta, name('All rows'), ALL_ROW_COLUMNS, open.rows.chunks(), (r) => r.outOfTolerance, pump, perSheet)));
    await writeChecksSheet(output.workbook, meta, checkLines(open, inMemory, lang), pump);
    await writeRestatementsSheet(output.workbook, meta, rec.restatements, [], (key) => itemName(key, lang), pump);
    await writeReviewLogSheet(output.workbook, meta, rec.signoffs, pump);
    writeAboutSheet(output.workbook, meta, aboutLines(rec, meta, { rows, discrepancies }));
    sheets.push(name('Checks'), name('Restatements'), name('Review log'), name('About'));
    pump.check();
    await output.close();
    pump.finish();
  } catch (error) {
    output.abandon();
    throw error;
  }
  return { sheets, rows: pump.rowsWritten };
}

/** A portal item for people: "provider 12, 2026-01-01" (the key itself when it is not a row's). */
function itemName(key: string, lang: WorkbookLanguage): string {
  const [kind, provider, period] = key.split('|');
  return kind === 'P' && provider !== undefined && period !== undefined ? lang.words.itemAt(lang.words.provider(provider), period) : key;
}

/** A table of rows, chunk by chunk, continued on a new sheet when one is full; returns the sheets' names. */
async function writeRowSheet(
  workbook: WorkbookWriter,
  meta: WorkbookMeta,
  name: string,
  columns: readonly ColumnSpec[],
  chunks: Iterable<readonly PortalRow[]>,
  highlight: (row: PortalRow) => boolean,
  pump: RowPump,
  perSheet: number | undefined,
): Promise<string[]> {
  const sheet = new SplitTableSheet(workbook, name, columns, { currency: meta.connection.currency ?? undefined, ...reviewedSheetOptions(columns, meta) }, perSheet);
  const allFigures = columns === ALL_ROW_COLUMNS;
  const plain = { highlight: false };
  const marked = { highlight: true };
  for (const chunk of chunks) {
    for (const row of chunk) {
      sheet.addRow(portalRowCells(row, meta.lang, allFigures), highlight(row) ? marked : plain);
      if (pump.tick()) await pump.pause();
    }
  }
  sheet.finish();
  return sheet.names;
}

function letterOf(columns: readonly ColumnSpec[], header: string): string {
  const index = columns.findIndex((c) => c.header === header);
  if (index < 0) throw new Error(`no column ${header}`);
  return columnLetter(index + 1);
}

type SheetParts = readonly { name: string; rows: number }[];

/** A tolerance in words: "10.00 COP or 0.5 %" / "10,00 COP o 0,5 %". */
function toleranceWords(abs: string, pct: string, currency: string, lang: WorkbookLanguage): string {
  return lang.words.tolerance(formatDecimal(abs, lang.language), currency, formatPercent(pct, lang.language));
}

/** The tolerance these figures were reconciled with, in words. */
function toleranceText(rec: OpenPortal['outline'], lang: WorkbookLanguage): string {
  return toleranceWords(rec.tolerance.abs, rec.tolerance.pct, rec.currency, lang);
}

/**
 * The cover's tolerance: the saved one (what a sign-off attests); when this workbook was
 * reconciled with another (a what-if), both, so no reader takes one for the other.
 */
function coverTolerance(rec: OpenPortal['outline'], saved: WorkbookMeta['savedTolerance'], lang: WorkbookLanguage): string {
  if (saved === null) return toleranceText(rec, lang);
  const savedText = toleranceWords(formatMinor(saved.absMinor, currencyExponent(rec.currency)), saved.pct, rec.currency, lang);
  const same = saved.absMinor === rec.tolerance.absMinor && Number(saved.pct) === Number(rec.tolerance.pct);
  return same ? savedText : lang.says.whatIfTolerance(savedText, toleranceText(rec, lang));
}

function writeSummary(
  workbook: WorkbookWriter,
  meta: WorkbookMeta,
  rec: OpenPortal['outline'],
  byPeriod: Map<string, PeriodAggregate>,
  counts: { discrepancies: SheetParts; all: SheetParts; checks: number },
  pump: RowPump,
): void {
  const { lang } = meta;
  const { term } = lang;
  const cover = coverLines(meta, { from: rec.from, to: rec.to, period: rec.period, currency: rec.currency, tolerance: coverTolerance(rec, meta.savedTolerance, lang), toleranceLabel: 'Tolerance', complete: rec.complete, signoffs: rec.signoffs }, meta.signer, SUMMARY_COLUMNS.length);
  const sheet = new TableSheet(workbook, term('Summary'), SUMMARY_COLUMNS, { currency: rec.currency, ...sheetOptions(meta), preamble: cover });
  const range = (sheetName: string, columns: readonly ColumnSpec[], header: string, rows: number): string => {
    const letter = letterOf(columns, header);
    return `${sheetRef(sheetName)}!$${letter}$2:$${letter}$${Math.max(2, rows + 1)}`;
  };
  // A table on several sheets is counted and summed sheet by sheet, the parts added up.
  const over = (parts: SheetParts, columns: readonly ColumnSpec[], each: (column: (header: string) => string) => string): string =>
    parts.map((part) => each((header) => range(part.name, columns, header, part.rows))).join('+');
  const countRows = (r: number): string => over(counts.all, ALL_ROW_COLUMNS, (col) => `COUNTIFS(${col('Period start')},$A${r})`);
  const sumOver = (header: string, r: number): string => over(counts.all, ALL_ROW_COLUMNS, (col) => `SUMIFS(${col(header)},${col('Period start')},$A${r})`);
  const countClass = (cls: PortalClass, r: number): string =>
    over(counts.all, ALL_ROW_COLUMNS, (col) => `COUNTIFS(${col('Period start')},$A${r},${col('Status')},"${classLabel(cls, lang)}")`);
  const countOpen = (r: number): string =>
    over(counts.discrepancies, PORTAL_ROW_COLUMNS, (col) => `COUNTIFS(${col('Period start')},$A${r},${col('Review state')},"${lang.words.state.open}")`);
  const checkType = range(term('Checks'), CHECK_COLUMNS, CHECK_COLUMNS[CHECK_TYPE_COLUMN - 1]?.header ?? 'Type', counts.checks);
  const checkPeriod = range(term('Checks'), CHECK_COLUMNS, CHECK_COLUMNS[CHECK_PERIOD_COLUMN - 1]?.header ?? 'Period start', counts.checks);
  const pct = (r: number, difference: number, invoiced: number): FormulaValue => ({
    formula: `IF(D${r}=0,"",ROUND(F${r}/D${r},4))`,
    result: percentOf(difference, invoiced, 2),
  });

  const firstRow = sheet.headerRow + 1;
  rec.periods.forEach((p, i) => {
    const r = firstRow + i;
    const agg = byPeriod.get(p.periodStart) ?? emptyAggregate();
    sheet.addRow(
      [
        p.periodStart,
        p.periodEnd,
        { formula: countRows(r), result: agg.rows },
        { formula: sumOver('Invoiced', r), result: agg.invoiced },
        { formula: sumOver('Provider reported', r), result: agg.providerReported },
        { formula: sumOver('Difference', r), result: agg.difference },
        pct(r, agg.difference, agg.invoiced),
        ...CLASSES.map((c): FormulaValue => ({ formula: countClass(c.cls, r), result: agg.classes[c.cls] })),
        { formula: `COUNTIFS(${checkType},"${term(CHECK_TYPE.finding)}",${checkPeriod},$A${r})`, result: agg.findings },
        { formula: countOpen(r), result: agg.open },
        term(p.covered ? 'Yes' : 'No'),
      ],
      { highlight: agg.classes.PROVIDER_HIGHER + agg.classes.PROVIDER_LOWER > 0 || !p.covered },
    );
    pump.tick();
  });

  // Totals: sums of the period lines above, checked against the reconciliation's totals.
  const last = firstRow + rec.periods.length - 1;
  const r = last + 1;
  const sumAbove = (letter: string): string => `SUM(${letter}${firstRow}:${letter}${Math.max(firstRow, last)})`;
  const totals = [...byPeriod.values()].reduce((acc, a) => {
    acc.rows += a.rows;
    acc.invoiced = addMinor(acc.invoiced, a.invoiced);
    acc.providerReported = addMinor(acc.providerReported, a.providerReported);
    acc.difference = addMinor(acc.difference, a.difference);
    for (const { cls } of CLASSES) acc.classes[cls] += a.classes[cls];
    acc.open += a.open;
    acc.findings += a.findings;
    return acc;
  }, emptyAggregate());
  if (totals.invoiced !== rec.totals.invoicedMinor || totals.providerReported !== rec.totals.providerReportedMinor || totals.difference !== rec.totals.differenceMinor || totals.rows !== rec.totals.rowCount) {
    throw new ExportIntegrityError("the periods do not add up to the reconciliation's totals");
  }
  const letters = SUMMARY_COLUMNS.map((_c, i) => columnLetter(i + 1));
  sheet.addRow(
    [
      term('Total'),
      null,
      { formula: sumAbove(letters[2] ?? 'C'), result: totals.rows },
      { formula: sumAbove(letters[3] ?? 'D'), result: totals.invoiced },
      { formula: sumAbove(letters[4] ?? 'E'), result: totals.providerReported },
      { formula: sumAbove(letters[5] ?? 'F'), result: totals.difference },
      pct(r, totals.difference, totals.invoiced),
      ...CLASSES.map((c, i): FormulaValue => ({ formula: sumAbove(letters[7 + i] ?? 'H'), result: totals.classes[c.cls] })),
      { formula: sumAbove(letters[11] ?? 'L'), result: totals.findings },
      { formula: sumAbove(letters[12] ?? 'M'), result: totals.open },
      term(rec.complete ? 'Yes' : 'No'),
    ],
    { bold: true, kinds: ['text', 'date', 'integer', 'money', 'money', 'money', 'percent', 'integer', 'integer', 'integer', 'integer', 'integer', 'integer', 'text'] },
  );
  pump.tick();
  sheet.addRow([]);
  const notes = [lang.says.amountsIn(rec.currency), lang.says.toleranceNote(toleranceText(rec, lang)), rec.complete ? lang.says.complete : lang.says.incomplete];
  for (const note of notes) sheet.addRow([note], { kinds: ['text'] });
  sheet.finish();
}

function aboutLines(rec: OpenPortal['outline'], meta: WorkbookMeta, counts: { rows: number; discrepancies: number }): Parameters<typeof writeAboutSheet>[2] {
  const { term, says, words } = meta.lang;
  return [
    { label: 'Connection', value: meta.connection.name },
    { label: 'Kind', value: says.kindPortal },
    { label: 'Base URL', value: displayBaseUrl(meta.connection.baseUrl) },
    { label: 'Tenant', value: meta.connection.tenant },
    { label: 'Currency', value: rec.currency },
    { label: 'From', value: rec.from, kind: 'date' },
    { label: 'To', value: rec.to, kind: 'date' },
    { label: 'Periods', value: `${rec.periods.length} × ${words.period[rec.period]}` },
    { label: 'Tolerance (absolute)', value: rec.tolerance.absMinor, kind: 'money', currency: rec.currency },
    { label: 'Tolerance (% of invoiced)', value: rec.tolerance.pct, kind: 'percent' },
    { label: 'Complete', value: term(rec.complete ? 'Yes' : 'No: see Checks') },
    { label: 'Rows', value: counts.rows, kind: 'integer' },
    { label: 'Discrepancies', value: counts.discrepancies, kind: 'integer' },
    { label: 'Reconciled at (UTC)', value: rec.generatedAt, kind: 'instant' },
    { label: 'Exported at (UTC)', value: meta.exportedAt, kind: 'instant' },
    { label: 'App version', value: `Concilia ${meta.appVersion}` },
    { label: 'Language', value: meta.lang.language },
    { label: 'Figures hash (sha256)', value: meta.figuresHash },
    { label: 'About the hash', value: says.hashNote },
  ];
}

/** The Discrepancies sheet as one flat CSV file. */
export async function writePortalCsv(target: WorkbookTarget, open: OpenPortal, lang: WorkbookLanguage, options: CsvOptions = {}): Promise<WorkbookResult> {
  const pump = new RowPump(open.rows.countWhere(OUT_OF_TOLERANCE), options);
  pump.check();
  const currency = open.outline.currency;
  await writeCsv(
    target,
    PORTAL_ROW_COLUMNS.map((c) => ({ ...c, header: lang.term(c.header) })),
    (function* lines() {
      for (const chunk of open.rows.chunks(OUT_OF_TOLERANCE)) for (const row of chunk) yield { values: portalRowCells(row, lang), currency };
    })(),
    pump,
    options.delimiter,
  );
  return { sheets: [lang.term('Discrepancies')], rows: pump.rowsWritten };
}
