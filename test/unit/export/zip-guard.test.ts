import { describe, expect, it } from 'vitest';
import { MAX_UNPACKED_BYTES, WorkbookInputError, checkXlsxBuffer } from '../../../electron/core/export/zip-guard.ts';

/** A one-entry ZIP whose central directory claims `size` unpacked bytes (nothing is inflated). */
function fakeZip(size: number): Buffer {
  const name = Buffer.from('xl/workbook.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(local.length + name.length, 16);
  return Buffer.concat([local, name, central, name, eocd]);
}

describe('checkXlsxBuffer', () => {
  it('accepts a small ZIP', () => {
    expect(() => checkXlsxBuffer(fakeZip(1000), 'a.xlsx')).not.toThrow();
  });

  it('refuses what would unpack to too much (a ZIP bomb)', () => {
    expect(() => checkXlsxBuffer(fakeZip(MAX_UNPACKED_BYTES + 1), 'bomb.xlsx')).toThrow(/would unpack to more than/);
  });

  it('names old .xls files, text, and truncated archives', () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(() => checkXlsxBuffer(xls, 'old.xls')).toThrow(/Excel 97-2003/);
    expect(() => checkXlsxBuffer(Buffer.from('Key,Review state\n'), 'a.csv')).toThrow(WorkbookInputError);
    expect(() => checkXlsxBuffer(fakeZip(10).subarray(0, 60), 'cut.xlsx')).toThrow(/damaged or incomplete/);
  });
});
