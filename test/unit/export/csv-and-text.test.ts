import { describe, expect, it } from 'vitest';
import { csvHeader, csvLine, quoteCsvField } from '../../../electron/core/export/csv.ts';
import { MAX_CELL_TEXT, cellText, neutraliseCsvText } from '../../../electron/core/export/safe-text.ts';
import type { ColumnSpec } from '../../../electron/core/export/table.ts';

const columns: ColumnSpec[] = [
  { header: 'Name', kind: 'text', width: 10 },
  { header: 'Amount', kind: 'money', width: 10 },
  { header: 'Pct', kind: 'percent', width: 10 },
  { header: 'Date', kind: 'date', width: 10 },
  { header: 'Count', kind: 'integer', width: 10 },
];

describe('CSV', () => {
  it('quotes every text field per RFC 4180, whatever it holds', () => {
    expect(quoteCsvField('plain')).toBe('"plain"');
    expect(quoteCsvField('ACME;=1+1')).toBe('"ACME;=1+1"');
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('two\nlines')).toBe('"two\nlines"');
    expect(quoteCsvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('neutralises formula triggers in text, and only in text', () => {
    for (const t of ['=1+1', '+Carga', '-Menos', '@SUM(A1)', '\tTab']) expect(neutraliseCsvText(t)).toBe(`'${t}`);
    expect(neutraliseCsvText('Acme = fine')).toBe('Acme = fine');
    const line = csvLine(columns, ['=HYPERLINK("http://x","y")', -1250, '-1.25', '2026-01-31', -3], { currency: 'COP' });
    expect(line).toBe(`"'=HYPERLINK(""http://x"",""y"")",-12.50,-1.25,2026-01-31,-3\r\n`);
    expect(csvLine(columns, ['x', 98_765, null, null, null], { currency: 'JPY' })).toBe('"x",98765,,,\r\n');
    expect(csvHeader(columns)).toBe('"Name","Amount","Pct","Date","Count"\r\n');
  });

  it('never lets a line inside a field start with a formula, nor a CR start a row', () => {
    expect(neutraliseCsvText('ACME\r=1+3')).toBe("ACME\n'=1+3");
    expect(neutraliseCsvText('a\r\n+b\n-c\n@d\n\te')).toBe("a\n'+b\n'-c\n'@d\n'\te");
    expect(neutraliseCsvText('\r=1')).toBe("\n'=1");
    expect(neutraliseCsvText('two\nlines')).toBe('two\nlines');
  });

  it('separates by semicolon when asked, the text still whole in its quotes', () => {
    const line = csvLine(columns, ['ACME;=1+1', -1250, '-1.25', '2026-01-31', 3], { currency: 'COP', delimiter: ';' });
    expect(line).toBe('"ACME;=1+1";-12.50;-1.25;2026-01-31;3\r\n');
    expect(csvHeader(columns, ';')).toBe('"Name";"Amount";"Pct";"Date";"Count"\r\n');
  });

  it('writes formula results as plain values', () => {
    expect(csvLine(columns, ['t', { formula: 'SUM(B2:B3)', result: 1 }, { formula: 'X', result: null }, null, null], { currency: 'USD' })).toBe('"t",0.01,,,\r\n');
  });

  it('needs the currency of a money field', () => {
    expect(() => csvLine(columns, ['x', 1])).toThrow(/needs the row's currency/);
  });
});

describe('cell text', () => {
  it('drops characters XML cannot carry and keeps everything else', () => {
    expect(cellText('a\u0000b\u0007c\u000bd')).toBe('abcd');
    expect(cellText('tab\tnew\nline\r')).toBe('tab\tnew\nline\r');
    expect(cellText('emoji 😀 ok')).toBe('emoji 😀 ok');
    expect(cellText('lone \ud800 surrogate')).toBe('lone  surrogate');
  });

  it("stays within Excel's cell limit", () => {
    const long = cellText('x'.repeat(MAX_CELL_TEXT + 10));
    expect(long).toHaveLength(MAX_CELL_TEXT);
    expect(long.endsWith('…')).toBe(true);
  });
});
