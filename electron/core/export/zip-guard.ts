/**
 * A look at a file before handing it to a spreadsheet parser: is it an xlsx (a ZIP) at all, and
 * would unpacking it stay within reason? A workbook that comes back from a reviewer's mailbox is
 * input from outside; a ZIP bomb or a 2 GB file must be refused with a sentence, not a crash.
 */

export const MAX_WORKBOOK_BYTES = 64 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

export class WorkbookInputError extends Error {
  override name = 'WorkbookInputError';
}

/** Throws WorkbookInputError unless `buffer` looks like an xlsx of a sane unpacked size. */
export function checkXlsxBuffer(buffer: Buffer, file: string): void {
  if (buffer.length > MAX_WORKBOOK_BYTES) {
    throw new WorkbookInputError(`${file} is ${Math.round(buffer.length / 1048576)} MB; a review workbook is at most ${MAX_WORKBOOK_BYTES / 1048576} MB. Send back only the Discrepancies sheet.`);
  }
  const head = buffer.subarray(0, 8);
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
    throw new WorkbookInputError(`${file} is an old Excel 97-2003 (.xls) file: open it in Excel and save it as an Excel Workbook (.xlsx).`);
  }
  if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50) {
    throw new WorkbookInputError(`${file} is not an Excel workbook (.xlsx). Export one with concilia export, fill in the review columns and save it as .xlsx.`);
  }
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65_535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new WorkbookInputError(`${file} is damaged or incomplete (it ends before its table of contents). Save it again from Excel.`);
  const entries = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  if (entries > MAX_ENTRIES) throw new WorkbookInputError(`${file} holds ${entries} parts; that is not a workbook Concilia wrote.`);
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50) {
      throw new WorkbookInputError(`${file} is damaged (its table of contents is unreadable). Save it again from Excel.`);
    }
    unpacked += buffer.readUInt32LE(offset + 24);
    if (unpacked > MAX_UNPACKED_BYTES) {
      throw new WorkbookInputError(`${file} would unpack to more than ${MAX_UNPACKED_BYTES / 1048576} MB; that is not a review workbook. Nothing was imported.`);
    }
    offset += 46 + buffer.readUInt16LE(offset + 28) + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
}
