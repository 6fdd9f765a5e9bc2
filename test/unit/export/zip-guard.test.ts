import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_UNPACKED_BYTES, WorkbookInputError, checkXlsxBuffer } from '../../../electron/core/export/zip-guard.ts';
import { buildZip, honestPart, zeroBomb } from '../../support/zip.ts';

const sheet = '<worksheet>' + '<row><c t="s"><v>1</v></c></row>'.repeat(2000) + '</worksheet>';

describe('checkXlsxBuffer', () => {
  it('accepts an archive whose parts unpack to what they declare', async () => {
    await expect(checkXlsxBuffer(buildZip([honestPart('[Content_Types].xml', '<Types/>'), honestPart('xl/worksheets/sheet1.xml', sheet)]), 'a.xlsx')).resolves.toBeUndefined();
  });

  it('inflates for real: a part that gives more than it declares is refused (a ZIP bomb)', async () => {
    const bomb = zeroBomb(64);
    // The stream is valid deflate: three of its blocks inflate to exactly 3 MiB.
    expect(inflateRawSync(Buffer.concat([bomb.subarray(0, (bomb.length - 2) / 64 * 3), bomb.subarray(-2)])).length).toBe(3 << 20);
    const zip = buildZip([honestPart('[Content_Types].xml', '<Types/>'), { name: 'xl/worksheets/sheet1.xml', data: bomb, method: 8, declaredSize: 8192 }]);
    await expect(checkXlsxBuffer(zip, 'bomb.xlsx')).rejects.toThrow(/bomb\.xlsx would unpack to more than its parts declare/);
  });

  it('holds every part to the per-entry limit and all of them to the total, counting real bytes', async () => {
    const parts = [honestPart('a.xml', 'x'.repeat(3000)), honestPart('b.xml', 'y'.repeat(3000))];
    await expect(checkXlsxBuffer(buildZip(parts), 'ok.xlsx', { entryBytes: 3000, totalBytes: 6000 })).resolves.toBeUndefined();
    await expect(checkXlsxBuffer(buildZip(parts), 'big.xlsx', { entryBytes: 2999, totalBytes: 6000 })).rejects.toThrow(/would unpack to more than/);
    await expect(checkXlsxBuffer(buildZip(parts), 'big.xlsx', { entryBytes: 3000, totalBytes: 5999 })).rejects.toThrow(/would unpack to more than/);
    const huge = buildZip([{ ...honestPart('a.xml', 'x'), declaredSize: MAX_UNPACKED_BYTES + 1 }]);
    await expect(checkXlsxBuffer(huge, 'huge.xlsx')).rejects.toThrow(/would unpack to more than/);
  });

  it('refuses what the parser would read differently: a part that gives less, data before the parts, ZIP64, a stored part that lies', async () => {
    const short = buildZip([{ ...honestPart('a.xml', 'x'.repeat(100)), declaredSize: 200 }]);
    await expect(checkXlsxBuffer(short, 'short.xlsx')).rejects.toThrow(/damaged/);
    // Bytes added in front, which JSZip would skip by shifting every offset.
    const prefixed = Buffer.concat([Buffer.from('PK\u0003\u0004 smuggled'), buildZip([honestPart('a.xml', 'x')])]);
    await expect(checkXlsxBuffer(prefixed, 'prefixed.xlsx')).rejects.toThrow(/damaged/);
    const zip64 = buildZip([honestPart('a.xml', 'x')]);
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10);
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 8);
    await expect(checkXlsxBuffer(zip64, 'z64.xlsx')).rejects.toThrow(WorkbookInputError);
    const stored = buildZip([{ name: 'a.xml', data: Buffer.from('abc'), method: 0, declaredSize: 3000 }]);
    await expect(checkXlsxBuffer(stored, 'stored.xlsx')).rejects.toThrow(/damaged/);
    const garbage = buildZip([{ name: 'a.xml', data: Buffer.from('not deflate at all, no no'), method: 8, declaredSize: 10 }]);
    await expect(checkXlsxBuffer(garbage, 'garbage.xlsx')).rejects.toThrow(WorkbookInputError);
  });

  it('names old .xls files, text, and truncated archives', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(checkXlsxBuffer(xls, 'old.xls')).rejects.toThrow(/Excel 97-2003/);
    await expect(checkXlsxBuffer(Buffer.from('Key,Review state\n'), 'a.csv')).rejects.toThrow(WorkbookInputError);
    await expect(checkXlsxBuffer(buildZip([honestPart('a.xml', 'x')]).subarray(0, 60), 'cut.xlsx')).rejects.toThrow(/damaged or incomplete/);
  });
});
