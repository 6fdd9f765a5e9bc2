/**
 * Text that came from upstream or from people (provider names, loan names, notes, reasons) is
 * data, never instructions. In the workbook it is always written as a plain string value (exceljs
 * turns only `{ formula }` and `{ hyperlink }` objects into formulas and links, and we never build
 * those from such text); in CSV, where the reader decides, the leading characters that make Excel
 * or LibreOffice start a formula are neutralised.
 */

/** Excel refuses cells longer than this and "repairs" (truncates) the file. */
export const MAX_CELL_TEXT = 32_767;

// Characters XML 1.0 cannot carry at all; exceljs drops most of them, we drop all, predictably.
// eslint-disable-next-line no-control-regex
const XML_INVALID_ONE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text made fit for a cell: no XML-invalid characters, within Excel's length limit. */
export function cellText(text: string): string {
  // Test first: almost every text is clean, and a failed test allocates nothing.
  let out = XML_INVALID_ONE.test(text) ? text.replace(XML_INVALID, '') : text;
  if (out.length > MAX_CELL_TEXT) out = `${out.slice(0, MAX_CELL_TEXT - 1)}…`;
  return out;
}

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
// A trigger at the start of the text, or just after a line break inside it.
const FORMULA_TRIGGER_AT_LINE_START = /(^|\n)(?=[=+\-@\t\r])/g;
const CARRIAGE_RETURN = /\r\n?/g;

/**
 * OWASP's CSV-injection advice, made to hold whatever the reader does with the field: a text that
 * starts with = + - @ tab or CR gets a leading single quote, so a spreadsheet shows it as text
 * instead of evaluating it. A CR inside a field is made a LF first (some readers start a new row
 * at a CR even inside quotes), and every line inside the field is neutralised like the first, so
 * a reader that splits a field at its line breaks still finds no formula at the start of a row.
 * Applied to TEXT fields only: numbers are written by the caller as numbers and keep their minus
 * sign.
 */
export function neutraliseCsvText(text: string): string {
  const lines = text.includes('\r') ? text.replace(CARRIAGE_RETURN, '\n') : text;
  if (!FORMULA_TRIGGER.test(lines) && !lines.includes('\n')) return lines;
  return lines.replace(FORMULA_TRIGGER_AT_LINE_START, "$1'");
}
