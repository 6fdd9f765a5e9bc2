/**
 * A worksheet written as a stream: header row (bold, frozen, filtered, repeated on every printed
 * page), typed and formatted cells, rows committed as soon as they are written so memory stays
 * flat however many rows there are.
 *
 * Styles are shared objects, one per (kind, currency, highlight, bold): exceljs's style manager
 * recognises an object it has seen before without re-hashing it, which is most of the speed of a
 * styled streaming export.
 */
import type ExcelJS from 'exceljs';
import type { Style, Worksheet } from 'exceljs';
import {
  DATE_FORMAT,
  INSTANT_FORMAT,
  INTEGER_FORMAT,
  PERCENT_FORMAT,
  dateToSerial,
  instantToSerial,
  minorToCellNumber,
  moneyFormat,
  percentTextToCellNumber,
} from './cell-format.ts';
import { currencyExponent } from '../money/index.ts';
import { cellText } from './safe-text.ts';
import { columnLetter, isFormula, type CellInput, type ColumnKind, type ColumnSpec, type RowOptions } from './table.ts';

export type WorkbookWriter = InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>;

/** Excel's row limit. */
export const MAX_SHEET_ROWS = 1_048_576;
/** Data rows a table sheet holds under its header before it continues on the next sheet. */
export const MAX_DATA_ROWS = MAX_SHEET_ROWS - 1;

/** The sheets a table of `rows` data rows takes: "<name>", "<name> (2)", … with their row counts. */
export function sheetParts(name: string, rows: number, perSheet = MAX_DATA_ROWS): { name: string; rows: number }[] {
  const parts: { name: string; rows: number }[] = [];
  let left = rows;
  do {
    parts.push({ name: parts.length === 0 ? name : `${name} (${parts.length + 1})`, rows: Math.min(left, perSheet) });
    left -= perSheet;
  } while (left > 0);
  return parts;
}

const HEADER_FILL = 'FFD9E1F2';

/**
 * Landscape A4 or Letter holds about 110 characters of column width at 100 %. A sheet up to
 * READABLE_WIDTH wide is fitted to the page width (shrunk to no less than about 60 %); a wider
 * one prints at full size across pages, its first column (the item's key) repeated on each,
 * rather than in type too small to read.
 */
export const READABLE_WIDTH = 180;
/** Points per line of wrapped 11 pt text, and a little room around it. */
const LINE_POINTS = 15;
const HEADER_PADDING_POINTS = 3;
/** Excel's highest row. */
const MAX_ROW_POINTS = 409;

/**
 * Lines a label wraps to in a column `width` characters wide, breaking at spaces as a
 * spreadsheet does (a word longer than the column breaks where it must).
 */
export function wrappedLines(label: string, width: number): number {
  // Each line break starts a new line; each line wraps on its own.
  return label.split('\n').reduce((total, line) => total + wrappedLine(line, width), 0);
}

function wrappedLine(line: string, width: number): number {
  const room = Math.max(1, Math.floor(width) - 1);
  let lines = 1;
  let used = 0;
  for (const word of line.split(/\s+/).filter((w) => w !== '')) {
    const length = word.length;
    if (used === 0) {
      lines += Math.ceil(length / room) - 1;
      used = length % room || room;
    } else if (used + 1 + length <= room) {
      used += 1 + length;
    } else {
      lines += Math.ceil(length / room);
      used = length % room || room;
    }
  }
  return lines;
}

/** The height (points) a header row needs so no wrapped label runs over the first data row. */
export function headerHeight(labels: readonly string[], widths: readonly number[]): number {
  let lines = 1;
  labels.forEach((label, i) => {
    lines = Math.max(lines, wrappedLines(label, widths[i] ?? 10));
  });
  return lines * LINE_POINTS + HEADER_PADDING_POINTS;
}

/** A header/footer text with its ampersands escaped (& starts a code there). */
export function footerText(text: string): string {
  return text.replace(/&/g, '&&');
}
const HIGHLIGHT_FILL = 'FFFCE4D6';
const ALARM_FILL = 'FFC00000';
const OK_FILL = 'FF2E7D32';
const BANNER_POINTS = 30;

/**
 * Every row gets this one (empty) row style. exceljs gives each new row a fresh `{}` and, as it
 * knows styles by object, works that out again for every row: one shared object is known after
 * the first. Frozen: nothing may style a row through it.
 */
const ROW_STYLE: Partial<Style> = Object.freeze({});

function shareRowStyle(row: ExcelJS.Row): void {
  // The row's style is not in exceljs's types (a Row exposes its style's parts), but it is what the
  // writer reads for the <row> element.
  (row as unknown as { style: Partial<Style> }).style = ROW_STYLE;
}

/** A dropdown on a column a reviewer fills: the values allowed and what the cell says when selected. */
export interface ColumnList {
  /** 1-based column. */
  column: number;
  values: readonly string[];
  title: string;
  prompt: string;
  errorTitle: string;
  error: string;
}

export interface TableSheetOptions {
  /** Currency of money cells when a row does not say. */
  currency?: string;
  /** The reader's words for the header labels (the columns are declared in English). */
  term?: (text: string) => string;
  /** The centre of the printed footer: connection, range, figures hash. */
  footer?: string;
  /** The printed "Page &P of &N" in the reader's language. */
  pageLabel?: string;
  /** Dropdowns over the data rows. */
  lists?: readonly ColumnList[];
  /** Lines above the table (Summary's cover): the header row comes after them. */
  preamble?: readonly { values: readonly CellInput[]; options?: TypedRowOptions }[];
  /** Filter the header row (off for key/value sheets such as About). */
  autoFilter?: boolean;
  /** Last row the filter covers, when a second table follows the first (Review log). */
  filterRows?: number;
  /** Row 1 labels, when they are not the columns' headers (About). */
  headers?: readonly string[];
  /**
   * Printed portrait and fitted to the page width whatever the width (About, read top to bottom
   * like a document): its columns must be narrow enough, and its texts wrapped, to stay readable.
   */
  portrait?: boolean;
}

export interface TypedRowOptions extends RowOptions {
  /** Per-cell kinds for rows that do not follow the header (About's key/value lines). */
  kinds?: readonly ColumnKind[];
}

export class SheetFullError extends Error {
  override name = 'SheetFullError';
}

export class TableSheet {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  private readonly worksheet: Worksheet;
  private readonly options: TableSheetOptions;
  private readonly styleCache = new Map<string, Partial<Style>>();
  private readonly rowStyleCache = new Map<string, Partial<Style>[]>();
  private readonly exponents = new Map<string, number>();
  private nextRow = 1;
  private finished = false;
  /** The row of the table's header (after any preamble). */
  readonly headerRow: number;

  constructor(workbook: WorkbookWriter, name: string, columns: readonly ColumnSpec[], options: TableSheetOptions = {}) {
    this.name = name;
    this.columns = columns;
    this.options = options;
    const fits = options.portrait === true || columns.reduce((sum, c) => sum + c.width, 0) <= READABLE_WIDTH;
    const header = (options.preamble?.length ?? 0) + 1;
    this.headerRow = header;
    const centre = options.footer === undefined ? '' : `&C&8${footerText(options.footer)}`;
    this.worksheet = workbook.addWorksheet(name, {
      // The streaming writer writes views and page setup when the sheet opens: they must be given here.
      views: [{ state: 'frozen', xSplit: 0, ySplit: header, topLeftCell: `A${header + 1}`, activeCell: `A${header + 1}` }],
      pageSetup: {
        orientation: options.portrait === true ? 'portrait' : 'landscape',
        ...(fits ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : { fitToPage: false, scale: 100, pageOrder: 'overThenDown' as const, printTitlesColumn: 'A:A' }),
        printTitlesRow: `${header}:${header}`,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: `&L&8${footerText(name)}${centre}&R&8${options.pageLabel ?? 'Page &P of &N'}` },
    });
    this.worksheet.columns = columns.map((c) => ({ width: c.width }));
    for (const line of options.preamble ?? []) this.addRow(line.values, line.options);
    this.writeHeader(options.headers ?? columns.map((c) => c.header));
  }

  /** Rows written so far, the header included. */
  get rowCount(): number {
    return this.nextRow - 1;
  }

  /** A bold header-style line inside the sheet (About's second table). */
  addHeaderRow(labels: readonly string[]): number {
    return this.writeHeader(labels);
  }

  /** Write one row; returns its 1-based row number. */
  addRow(values: readonly CellInput[], options: TypedRowOptions = {}): number {
    if (this.finished) throw new Error(`The ${this.name} sheet is already finished.`);
    if (this.nextRow > MAX_SHEET_ROWS) {
      throw new SheetFullError(`The ${this.name} sheet would pass Excel's limit of ${MAX_SHEET_ROWS} rows: export a shorter range.`);
    }
    const currency = options.currency ?? this.options.currency;
    const exponent = currency === undefined ? undefined : this.exponentOf(currency);
    const styles = options.banner ? this.bannerStyles(options.banner) : options.kinds ? undefined : this.rowStyles(currency, options.highlight === true, options.bold === true);
    const row = this.worksheet.getRow(this.nextRow);
    shareRowStyle(row);
    if (options.banner) row.height = BANNER_POINTS;
    let lines = 1;
    for (let i = 0; i < this.columns.length; i++) {
      const kind = options.kinds?.[i] ?? this.columns[i]?.kind ?? 'text';
      const cell = row.getCell(i + 1);
      cell.style = styles?.[i] ?? this.style(kind, currency, options.highlight === true, options.bold === true, options.wrap === true || this.columns[i]?.wrap === true);
      const value = values[i];
      if (value === null || value === undefined) continue;
      if (isFormula(value)) {
        const result = value.result === null ? '' : convert(kind, value.result, exponent, this.name);
        cell.value = { formula: value.formula, result, date1904: false };
      } else {
        cell.value = convert(kind, value, exponent, this.name);
        // A wrapped text is given the height of its lines: readers do not all work it out.
        if (typeof value === 'string' && (options.wrap === true || this.columns[i]?.wrap === true)) lines = Math.max(lines, wrappedLines(value, this.columns[i]?.width ?? 10));
      }
    }
    if (lines > 1 && !options.banner) row.height = Math.min(MAX_ROW_POINTS, lines * LINE_POINTS);
    row.commit();
    return this.nextRow++;
  }

  /** Set the filter and the dropdowns over what was written and hand the sheet to the zip. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const lastData = Math.max(this.headerRow + 1, this.options.filterRows ?? this.nextRow - 1);
    for (const list of this.options.lists ?? []) {
      const letter = columnLetter(list.column);
      // The streaming worksheet keeps its validations as the in-memory one does, but exceljs's
      // types only declare them on the latter.
      (this.worksheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}${this.headerRow + 1}:${letter}${lastData}`, {
        type: 'list',
        allowBlank: true,
        // A list given inline is one quoted text, its values separated by commas.
        formulae: [`"${list.values.map((v) => v.replace(/"/g, '""')).join(',')}"`],
        showInputMessage: true,
        promptTitle: list.title,
        prompt: list.prompt,
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: list.errorTitle,
        error: list.error,
      });
    }
    if (this.options.autoFilter !== false) {
      const lastRow = Math.max(this.headerRow, this.options.filterRows ?? this.nextRow - 1);
      this.worksheet.autoFilter = `A${this.headerRow}:${columnLetter(this.columns.length)}${lastRow}`;
    }
    this.worksheet.commit();
  }

  /** The currency's exponent, checked once per sheet rather than once per cell. */
  private exponentOf(currency: string): number {
    let exponent = this.exponents.get(currency);
    if (exponent === undefined) this.exponents.set(currency, (exponent = currencyExponent(currency)));
    return exponent;
  }

  private writeHeader(english: readonly string[]): number {
    const labels = this.options.term ? english.map(this.options.term) : english;
    const row = this.worksheet.getRow(this.nextRow);
    shareRowStyle(row);
    const style = this.headerStyle();
    labels.forEach((label, i) => {
      const cell = row.getCell(i + 1);
      cell.style = style;
      cell.value = cellText(label);
    });
    row.height = headerHeight(labels, this.columns.map((c) => c.width));
    row.commit();
    return this.nextRow++;
  }

  private headerStyle(): Partial<Style> {
    const cached = this.styleCache.get('header');
    if (cached) return cached;
    const style: Partial<Style> = {
      font: { bold: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
      border: { bottom: { style: 'thin' } },
      alignment: { vertical: 'top', wrapText: true },
    };
    this.styleCache.set('header', style);
    return style;
  }

  /** One style for every cell of a banner row, so the colour spans the printed width. */
  private bannerStyles(banner: 'alarm' | 'ok'): Partial<Style>[] {
    const key = `banner|${banner}`;
    let styles = this.rowStyleCache.get(key);
    if (!styles) {
      const style: Partial<Style> = {
        font: { bold: true, size: 16, color: { argb: 'FFFFFFFF' } },
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: banner === 'alarm' ? ALARM_FILL : OK_FILL } },
        alignment: { vertical: 'middle' },
      };
      styles = this.columns.map(() => style);
      this.rowStyleCache.set(key, styles);
    }
    return styles;
  }

  private rowStyles(currency: string | undefined, highlight: boolean, bold: boolean): Partial<Style>[] {
    const key = `${currency ?? ''}|${highlight ? 1 : 0}|${bold ? 1 : 0}`;
    let styles = this.rowStyleCache.get(key);
    if (!styles) {
      styles = this.columns.map((c) => this.style(c.kind, currency, highlight, bold, c.wrap === true));
      this.rowStyleCache.set(key, styles);
    }
    return styles;
  }

  private style(kind: ColumnKind, currency: string | undefined, highlight: boolean, bold: boolean, wrap = false): Partial<Style> {
    const key = `${kind}|${kind === 'money' ? (currency ?? '') : ''}|${highlight ? 1 : 0}|${bold ? 1 : 0}|${wrap ? 1 : 0}`;
    const cached = this.styleCache.get(key);
    if (cached) return cached;
    const style: Partial<Style> = {};
    // A money cell without a currency can only be an empty one (convert refuses a value).
    const numFmt = kind === 'money' && !currency ? undefined : numberFormat(kind, currency, this.name);
    if (numFmt) style.numFmt = numFmt;
    // Every cell at the top of its row, so a row made taller by a wrapped text still reads across;
    // long text wraps within its column.
    style.alignment = wrap && kind === 'text' ? { vertical: 'top', wrapText: true } : { vertical: 'top' };
    if (highlight) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HIGHLIGHT_FILL } };
    if (bold) style.font = { bold: true };
    this.styleCache.set(key, style);
    return style;
  }
}

function numberFormat(kind: ColumnKind, currency: string | undefined, sheet: string): string | undefined {
  switch (kind) {
    case 'money':
      if (!currency) throw new Error(`A money cell on the ${sheet} sheet has no currency.`);
      return moneyFormat(currency);
    case 'percent':
      return PERCENT_FORMAT;
    case 'date':
      return DATE_FORMAT;
    case 'instant':
      return INSTANT_FORMAT;
    case 'integer':
      return INTEGER_FORMAT;
    case 'text':
      // '@' marks the cell as text for anyone who types into it later (a reviewer's note).
      return '@';
  }
}

/** A value in the column's units as the cell's value; `exponent` is that of the row's currency. */
function convert(kind: ColumnKind, value: string | number, exponent: number | undefined, sheet: string): string | number {
  switch (kind) {
    case 'text':
      return cellText(typeof value === 'string' ? value : String(value));
    case 'money':
      if (exponent === undefined) throw new Error(`A money cell on the ${sheet} sheet has no currency.`);
      return minorToCellNumber(typeof value === 'number' ? value : Number(value), exponent);
    case 'percent':
      return typeof value === 'number' ? value : percentTextToCellNumber(value);
    case 'date':
      return typeof value === 'number' ? value : dateToSerial(value);
    case 'instant':
      return typeof value === 'number' ? value : instantToSerial(value);
    case 'integer':
      return Number(value);
  }
}

/**
 * A table that continues on "<name> (2)", "<name> (3)"… when a sheet is full (Excel's limit, or
 * fewer when asked), each part with the same header, styles and filter.
 */
export class SplitTableSheet {
  readonly #open: (name: string) => TableSheet;
  readonly #perSheet: number;
  readonly #name: string;
  #current: TableSheet;
  #rows = 0;
  readonly names: string[] = [];

  constructor(workbook: WorkbookWriter, name: string, columns: readonly ColumnSpec[], options: TableSheetOptions = {}, perSheet = MAX_DATA_ROWS) {
    this.#open = (sheetName) => new TableSheet(workbook, sheetName, columns, options);
    this.#perSheet = Math.max(1, Math.min(perSheet, MAX_DATA_ROWS));
    this.#name = name;
    this.#current = this.#next();
  }

  addRow(values: readonly CellInput[], options: TypedRowOptions = {}): void {
    if (this.#rows === this.#perSheet) {
      this.#current.finish();
      this.#current = this.#next();
      this.#rows = 0;
    }
    this.#current.addRow(values, options);
    this.#rows += 1;
  }

  finish(): void {
    this.#current.finish();
  }

  #next(): TableSheet {
    const name = this.names.length === 0 ? this.#name : `${this.#name} (${this.names.length + 1})`;
    this.names.push(name);
    return this.#open(name);
  }
}
