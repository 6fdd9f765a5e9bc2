/**
 * A look at a file before handing it to a spreadsheet parser: is it an xlsx (a ZIP) at all, and
 * does unpacking it stay within reason? A workbook that comes back from a reviewer's mailbox is
 * input from outside; a ZIP bomb or a 2 GB file must be refused with a sentence, not a crash.
 *
 * The sizes a ZIP declares are not trusted: every entry is inflated here, its bytes counted as
 * they stream out and thrown away, and the work stops as soon as an entry gives more than it
 * declared or than the per-entry or total limit allows, so memory stays flat whatever the file
 * claims. The archive is read exactly as exceljs's unzipper (JSZip 3) reads it — the last end
 * record, the central directory right before it, each entry's data after its local header — and
 * anything that reader would see differently (data before or between the parts, ZIP64, a
 * central directory that does not end at the end record) is refused, so what was measured here
 * is what the parser inflates.
 */
import { createInflateRaw } from 'node:zlib';

export const MAX_WORKBOOK_BYTES = 64 * 1024 * 1024;
/** Largest single part (a worksheet's XML). */
export const MAX_ENTRY_BYTES = 256 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_RECORD = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;

export class WorkbookInputError extends Error {
  override name = 'WorkbookInputError';
}

export interface GuardLimits {
  entryBytes: number;
  totalBytes: number;
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  dataStart: number;
}

/** Throws WorkbookInputError unless `buffer` is an xlsx whose parts really unpack to a sane size. */
export async function checkXlsxBuffer(buffer: Buffer, file: string, limits: GuardLimits = { entryBytes: MAX_ENTRY_BYTES, totalBytes: MAX_UNPACKED_BYTES }): Promise<void> {
  if (buffer.length > MAX_WORKBOOK_BYTES) {
    throw new WorkbookInputError(`${file} is ${Math.round(buffer.length / 1048576)} MB; a review workbook is at most ${MAX_WORKBOOK_BYTES / 1048576} MB. Send back only the Discrepancies sheet.`);
  }
  const head = buffer.subarray(0, 8);
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
    throw new WorkbookInputError(`${file} is an old Excel 97-2003 (.xls) file: open it in Excel and save it as an Excel Workbook (.xlsx).`);
  }
  if (head.length < 4 || head.readUInt32LE(0) !== LOCAL_HEADER) {
    throw new WorkbookInputError(`${file} is not an Excel workbook (.xlsx). Export one with concilia export, fill in the review columns and save it as .xlsx.`);
  }
  const entries = readEntries(buffer, file);
  const bomb = (): WorkbookInputError =>
    new WorkbookInputError(`${file} would unpack to more than its parts declare or than a review workbook can hold; that is not a review workbook. Nothing was imported.`);
  let declaredTotal = 0;
  for (const entry of entries) {
    declaredTotal += entry.declaredSize;
    if (entry.declaredSize > limits.entryBytes || declaredTotal > limits.totalBytes) throw bomb();
  }
  let total = 0;
  for (const entry of entries) {
    const data = buffer.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    // An entry may give no more than it declares: the declared sizes were checked against the limits.
    const size = entry.method === STORED ? data.length : await inflatedSize(data, entry.declaredSize, file);
    if (size === null) throw bomb();
    if (size !== entry.declaredSize) throw damaged(file);
    total += size;
    if (total > limits.totalBytes) throw bomb();
  }
}

function damaged(file: string): WorkbookInputError {
  return new WorkbookInputError(`${file} is damaged (its table of contents does not match its contents). Save it again from Excel.`);
}

function readEntries(buffer: Buffer, file: string): Entry[] {
  // The last end record, searched as JSZip does (from the very end), which must close the file.
  let end = -1;
  for (let i = buffer.length - 4; i >= 0; i--) {
    if (buffer.readUInt32LE(i) === END_RECORD) {
      end = i;
      break;
    }
  }
  if (end < 0 || end + 22 > buffer.length) throw new WorkbookInputError(`${file} is damaged or incomplete (it ends before its table of contents). Save it again from Excel.`);
  const disk = buffer.readUInt16LE(end + 4);
  const centralDisk = buffer.readUInt16LE(end + 6);
  const countOnDisk = buffer.readUInt16LE(end + 8);
  const count = buffer.readUInt16LE(end + 10);
  const centralSize = buffer.readUInt32LE(end + 12);
  const centralOffset = buffer.readUInt32LE(end + 16);
  const commentLength = buffer.readUInt16LE(end + 20);
  if (end + 22 + commentLength !== buffer.length) throw damaged(file);
  if (disk !== 0 || centralDisk !== 0 || countOnDisk !== count || count === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) {
    throw new WorkbookInputError(`${file} is a split or ZIP64 archive; that is not a workbook Concilia wrote.`);
  }
  if (count > MAX_ENTRIES) throw new WorkbookInputError(`${file} holds ${count} parts; that is not a workbook Concilia wrote.`);
  // The central directory ends exactly at the end record: nothing added before or between.
  if (centralOffset + centralSize !== end) throw damaged(file);
  const entries: Entry[] = [];
  const names = new Set<string>();
  let offset = centralOffset;
  while (offset < end) {
    if (offset + 46 > end || buffer.readUInt32LE(offset) !== CENTRAL_HEADER) throw damaged(file);
    const flags = buffer.readUInt16LE(offset + 8);
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const declaredSize = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLen = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    if ((flags & 1) !== 0) throw new WorkbookInputError(`${file} is password-protected. Save it again from Excel without a password.`);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new WorkbookInputError(`${file} is a ZIP64 archive; that is not a workbook Concilia wrote.`);
    }
    if (method !== STORED && method !== DEFLATED) throw new WorkbookInputError(`${file} uses a compression Excel does not write. Save it again from Excel.`);
    if (names.has(name)) throw damaged(file);
    names.add(name);
    if (localOffset + 30 > centralOffset || buffer.readUInt32LE(localOffset) !== LOCAL_HEADER) throw damaged(file);
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > centralOffset) throw damaged(file);
    if (method === STORED && compressedSize !== declaredSize) throw damaged(file);
    entries.push({ name, method, compressedSize, declaredSize, dataStart });
    offset += 46 + nameLength + extraLength + commentLen;
  }
  if (offset !== end || entries.length !== count) throw damaged(file);
  return entries;
}

/**
 * Inflates `data`, counting the bytes and keeping none; null as soon as more than `limit` came
 * out (the inflater is stopped there, so a bomb costs a few kilobytes, not gigabytes).
 */
function inflatedSize(data: Buffer, limit: number, file: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw();
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settle(() => resolve(null));
        inflater.destroy();
      }
    });
    inflater.on('end', () => settle(() => resolve(size)));
    inflater.on('error', () => settle(() => reject(damaged(file))));
    inflater.end(data);
  });
}
