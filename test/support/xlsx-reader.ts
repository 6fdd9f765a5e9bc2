/**
 * A second, independent reader for the workbooks Concilia writes, for tests only. It shares no
 * code with exceljs: it walks the ZIP central directory itself, inflates with node:zlib and reads
 * the SpreadsheetML parts with a few regular expressions. It exposes what higher-level readers
 * hide: each cell's raw type (`s`, `str`, `inlineStr`, `n`...), its formula and cached value, its
 * number format, bold and fill, and the sheet's frozen pane, filter and page setup.
 *
 * It understands the subset of the format that spreadsheet writers produce in practice; it is
 * not a general xlsx parser.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// ZIP

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Every entry of a ZIP archive, by name, uncompressed. */
export function unzip(buffer: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65_535); i--) {
    if (buffer.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP archive (no end-of-central-directory record)');
  const entryCount = buffer.readUInt16LE(eocd + 10);
  const centralOffset = buffer.readUInt32LE(eocd + 16);
  if (centralOffset === 0xffffffff || entryCount === 0xffff) throw new Error('ZIP64 archives are not supported by this test reader');
  const entries = new Map<string, Buffer>();
  let p = centralOffset;
  for (let n = 0; n < entryCount; n++) {
    if (buffer.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new Error(`bad central directory entry at ${p}`);
    const method = buffer.readUInt16LE(p + 10);
    const compressedSize = buffer.readUInt32LE(p + 20);
    const size = buffer.readUInt32LE(p + 24);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    const localOffset = buffer.readUInt32LE(p + 42);
    const name = buffer.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;

    if (buffer.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw new Error(`bad local header for ${name}`);
    const localName = buffer.readUInt16LE(localOffset + 26);
    const localExtra = buffer.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localName + localExtra;
    const data = buffer.subarray(start, start + compressedSize);
    let content: Buffer;
    if (method === 0) content = Buffer.from(data);
    else if (method === 8) content = inflateRawSync(data);
    else throw new Error(`unsupported compression method ${method} for ${name}`);
    if (content.length !== size) throw new Error(`size mismatch for ${name}: ${content.length} != ${size}`);
    // Writers differ on a leading slash; normalise so callers can ask for 'xl/workbook.xml'.
    entries.set(name.replace(/^\/+/, ''), content);
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// XML helpers

export function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, entity: string) => {
    switch (entity) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    }
  });
}

function attributes(tagText: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tagText.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1] ?? ''] = decodeXml(m[2] ?? '');
  return out;
}

/** Concatenated text of every <t> inside a fragment (a shared string or an inline string). */
function textRuns(fragment: string): string {
  let out = '';
  for (const m of fragment.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) out += decodeXml(m[1] ?? '');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Workbook model

export type RawCellType = 'n' | 's' | 'str' | 'inlineStr' | 'b' | 'e' | 'd';

export interface XlsxCell {
  ref: string;
  /** 1-based. */
  row: number;
  /** 1-based. */
  col: number;
  /** The `t` attribute as written (absent means a number). */
  type: RawCellType;
  /** The value as shown: the string for text, the number, the boolean; a formula's cached result. */
  value: string | number | boolean | null;
  /** The formula text without '=' when the cell holds a formula. */
  formula?: string;
  styleId: number;
  numFmt: string;
  bold: boolean;
  /** ARGB of a solid fill, if any. */
  fill?: string;
}

export interface XlsxSheet {
  name: string;
  xml: string;
  /** Dense rows (index 0 = row 1), each a dense array of cells (undefined where absent). */
  rows: (XlsxCell | undefined)[][];
  frozen: { xSplit: number; ySplit: number } | null;
  autoFilter: string | null;
  pageSetup: Record<string, string>;
  fitToPage: boolean;
  columnWidths: Map<number, number>;
  cell(ref: string): XlsxCell | undefined;
}

export interface XlsxBook {
  sheetNames: string[];
  sheet(name: string): XlsxSheet;
  definedNames: { name: string; localSheetId?: number; value: string }[];
  entries: Map<string, Buffer>;
}

const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  14: 'mm-dd-yy',
  22: 'm/d/yy h:mm',
  49: '@',
};

interface StyleInfo {
  numFmt: string;
  bold: boolean;
  fill?: string;
}

function readStyles(xml: string | undefined): StyleInfo[] {
  if (!xml) return [{ numFmt: 'General', bold: false }];
  const formats = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\s[^>]*\/?>/g)) {
    const a = attributes(m[0]);
    formats.set(Number(a.numFmtId), a.formatCode ?? '');
  }
  const fonts = [...(/<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(xml)?.[1] ?? '').matchAll(/<font>([\s\S]*?)<\/font>|<font\/>/g)].map((m) =>
    /<b\/>|<b\s+val="(1|true)"\s*\/>/.test(m[1] ?? ''),
  );
  const fills = [...(/<fills[^>]*>([\s\S]*?)<\/fills>/.exec(xml)?.[1] ?? '').matchAll(/<fill>([\s\S]*?)<\/fill>/g)].map((m) => {
    const body = m[1] ?? '';
    if (!/patternType="solid"/.test(body)) return undefined;
    return /<fgColor\s+rgb="([0-9A-Fa-f]{8})"/.exec(body)?.[1]?.toUpperCase();
  });
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\s[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => {
    const a = attributes(/<xf\s[^>]*?\/?>/.exec(m[0])?.[0] ?? '');
    const id = Number(a.numFmtId ?? 0);
    return {
      numFmt: formats.get(id) ?? BUILTIN_FORMATS[id] ?? `builtin:${id}`,
      bold: fonts[Number(a.fontId ?? 0)] ?? false,
      fill: fills[Number(a.fillId ?? 0)],
    };
  });
}

function splitRef(ref: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`bad cell reference ${ref}`);
  let col = 0;
  for (const ch of m[1] ?? '') col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

function parseSheet(name: string, xml: string, shared: string[], styles: StyleInfo[]): XlsxSheet {
  const rows: (XlsxCell | undefined)[][] = [];
  const byRef = new Map<string, XlsxCell>();
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const a = attributes(m[1] ?? '');
    const body = m[2] ?? '';
    const ref = a.r;
    if (!ref) throw new Error(`a cell without a reference on ${name}`);
    const { row, col } = splitRef(ref);
    const type = (a.t ?? 'n') as RawCellType;
    const fMatch = /<f(?:\s[^>]*)?>([\s\S]*?)<\/f>/.exec(body);
    const vMatch = /<v>([\s\S]*?)<\/v>/.exec(body);
    const raw = vMatch ? decodeXml(vMatch[1] ?? '') : undefined;
    let value: XlsxCell['value'] = null;
    switch (type) {
      case 's':
        value = raw === undefined ? null : (shared[Number(raw)] ?? null);
        break;
      case 'inlineStr':
        value = textRuns(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
        break;
      case 'str':
      case 'e':
      case 'd':
        value = raw ?? null;
        break;
      case 'b':
        value = raw === undefined ? null : raw === '1';
        break;
      case 'n':
        value = raw === undefined || raw === '' ? null : Number(raw);
        break;
    }
    const styleId = Number(a.s ?? 0);
    const style = styles[styleId] ?? { numFmt: 'General', bold: false };
    const cell: XlsxCell = { ref, row, col, type, value, styleId, numFmt: style.numFmt, bold: style.bold };
    if (style.fill) cell.fill = style.fill;
    if (fMatch) cell.formula = decodeXml(fMatch[1] ?? '');
    (rows[row - 1] ??= [])[col - 1] = cell;
    byRef.set(ref, cell);
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];

  const pane = /<pane\s[^>]*\/>/.exec(xml)?.[0];
  const paneAttrs = pane ? attributes(pane) : undefined;
  const columnWidths = new Map<number, number>();
  for (const m of xml.matchAll(/<col\s[^>]*\/>/g)) {
    const a = attributes(m[0]);
    for (let c = Number(a.min); c <= Number(a.max); c++) columnWidths.set(c, Number(a.width));
  }
  const pageSetupTag = /<pageSetup\s[^>]*\/>/.exec(xml)?.[0];
  return {
    name,
    xml,
    rows,
    frozen: paneAttrs && paneAttrs.state === 'frozen' ? { xSplit: Number(paneAttrs.xSplit ?? 0), ySplit: Number(paneAttrs.ySplit ?? 0) } : null,
    autoFilter: /<autoFilter\s[^>]*ref="([^"]+)"/.exec(xml)?.[1] ?? null,
    pageSetup: pageSetupTag ? attributes(pageSetupTag) : {},
    fitToPage: /<pageSetUpPr\s[^>]*fitToPage="(1|true)"/.test(xml),
    columnWidths,
    cell: (ref) => byRef.get(ref),
  };
}

/** Read a workbook from a path or a buffer. */
export function readXlsx(input: string | Buffer): XlsxBook {
  const entries = unzip(typeof input === 'string' ? readFileSync(input) : input);
  const text = (path: string): string | undefined => entries.get(path)?.toString('utf8');
  const workbookXml = text('xl/workbook.xml');
  if (!workbookXml) throw new Error('no xl/workbook.xml: not a spreadsheet');
  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\s[^>]*\/>/g)) {
    const a = attributes(m[0]);
    if (a.Id && a.Target) rels.set(a.Id, a.Target.replace(/^\/?xl\//, '').replace(/^\//, ''));
  }
  const shared = [...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textRuns(m[1] ?? ''));
  const styles = readStyles(text('xl/styles.xml'));
  const sheetTargets: { name: string; path: string }[] = [];
  for (const m of workbookXml.matchAll(/<sheet\s[^>]*\/>/g)) {
    const a = attributes(m[0]);
    const target = rels.get(a['r:id'] ?? '');
    if (!a.name || !target) throw new Error('a sheet without a name or a part');
    sheetTargets.push({ name: a.name, path: `xl/${target}` });
  }
  const definedNames = [...workbookXml.matchAll(/<definedName\s([^>]*)>([\s\S]*?)<\/definedName>/g)].map((m) => {
    const a = attributes(m[1] ?? '');
    const entry: { name: string; localSheetId?: number; value: string } = { name: a.name ?? '', value: decodeXml(m[2] ?? '') };
    if (a.localSheetId !== undefined) entry.localSheetId = Number(a.localSheetId);
    return entry;
  });
  const parsed = new Map<string, XlsxSheet>();
  return {
    sheetNames: sheetTargets.map((s) => s.name),
    definedNames,
    entries,
    sheet(name) {
      let sheet = parsed.get(name);
      if (!sheet) {
        const target = sheetTargets.find((s) => s.name === name);
        if (!target) throw new Error(`no sheet named ${name}`);
        const xml = text(target.path);
        if (xml === undefined) throw new Error(`the part ${target.path} for ${name} is missing`);
        sheet = parseSheet(name, xml, shared, styles);
        parsed.set(name, sheet);
      }
      return sheet;
    },
  };
}

/** The values of a sheet as a grid (null where empty), for quick assertions. */
export function sheetValues(sheet: XlsxSheet): (string | number | boolean | null)[][] {
  return sheet.rows.map((row) => Array.from(row, (cell) => cell?.value ?? null));
}

/** Rows below a header row as objects keyed by header text. */
export function sheetRecords(sheet: XlsxSheet, headerRow = 1): Record<string, XlsxCell | undefined>[] {
  const header = (sheet.rows[headerRow - 1] ?? []).map((c) => (c?.value === null || c?.value === undefined ? '' : String(c.value)));
  const out: Record<string, XlsxCell | undefined>[] = [];
  for (let r = headerRow; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    if (!row.some((c) => c !== undefined && c.value !== null)) continue;
    const record: Record<string, XlsxCell | undefined> = {};
    header.forEach((h, i) => {
      if (h) record[h] = row[i];
    });
    out.push(record);
  }
  return out;
}

/** The 1-based row whose first cells say `texts`: a table's header below a cover (Summary). */
export function rowStarting(sheet: XlsxSheet, ...texts: string[]): number {
  const index = sheet.rows.findIndex((r) => texts.every((text, i) => r[i]?.value === text));
  if (index < 0) throw new Error(`no row of ${sheet.name} starts with "${texts.join('", "')}"`);
  return index + 1;
}
