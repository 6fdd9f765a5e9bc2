/**
 * CSV escaping under arbitrary text: every field comes back as written (after neutralising),
 * no text field can start a formula, and numbers keep their exact value and sign.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CSV_BOM, csvHeader, csvLine, quoteCsvField } from '../../../electron/core/export/csv.ts';
import { neutraliseCsvText } from '../../../electron/core/export/safe-text.ts';
import type { ColumnSpec } from '../../../electron/core/export/table.ts';
import { parseDecimalToMinor } from '../../../electron/core/money/index.ts';

/** RFC 4180 reader (quotes, doubled quotes, CRLF), written independently of the writer. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i += 1;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      fieldStarted = false;
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStarted = false;
      i += 2;
    } else {
      field += ch;
      fieldStarted = true;
      i += 1;
    }
  }
  if (fieldStarted || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('=HYPERLINK("http://x","y")', '+Carga', '-Fletes Álvarez', '@Envíos', '\tx', '\rx', 'a,b', 'say "hi"', 'line\r\nbreak', '', '"', ',', '\n'),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string()).map(([a, b]) => a + b),
);

const columns: ColumnSpec[] = [
  { header: 'Key', kind: 'text', width: 10 },
  { header: 'Provider', kind: 'text', width: 10 },
  { header: 'Difference', kind: 'money', width: 10 },
  { header: 'Tasks', kind: 'integer', width: 10 },
  { header: 'Period start', kind: 'date', width: 10 },
  { header: 'Difference %', kind: 'percent', width: 10 },
];

describe('quoteCsvField (property)', () => {
  it('reads back as exactly one field equal to the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const line = `${quoteCsvField(text)}\r\n`;
        expect(parseCsv(line)).toEqual([[text]]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('csvLine (property)', () => {
  it('keeps every row to its columns, neutralises text, and keeps amounts exact and signed', () => {
    const row = fc.record({
      key: anyText,
      provider: anyText,
      difference: fc.integer({ min: -(10 ** 15), max: 10 ** 15 }),
      tasks: fc.nat({ max: 10 ** 9 }),
      date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      pct: fc.option(fc.stringMatching(/^-?\d{1,4}\.\d{2}$/), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom('COP', 'JPY', 'KWD'), (rows, currency) => {
        const exponent = currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2;
        const text = CSV_BOM + csvHeader(columns) + rows.map((r) => csvLine(columns, [r.key, r.provider, r.difference, r.tasks, r.date, r.pct], { currency })).join('');
        expect(text.startsWith(CSV_BOM)).toBe(true);
        const records = parseCsv(text.slice(CSV_BOM.length));
        expect(records).toHaveLength(rows.length + 1);
        expect(records[0]).toEqual(columns.map((c) => c.header));
        rows.forEach((r, i) => {
          const fields = records[i + 1] ?? [];
          expect(fields).toHaveLength(columns.length);
          expect(fields[0]).toBe(neutraliseCsvText(r.key));
          expect(fields[1]).toBe(neutraliseCsvText(r.provider));
          for (const textField of [fields[0], fields[1]]) {
            expect(textField ?? '').not.toMatch(/^[=+\-@\t\r]/);
            // No line inside a field starts a formula either, and no CR is left to start a row.
            expect(textField ?? '').not.toMatch(/\n[=+\-@\t]/);
            expect(textField ?? '').not.toContain('\r');
          }
          expect(parseDecimalToMinor(fields[2] ?? '', exponent).minor).toBe(r.difference);
          expect((fields[2] ?? '').startsWith('-')).toBe(r.difference < 0);
          expect(fields[3]).toBe(String(r.tasks));
          expect(fields[4]).toBe(r.date);
          expect(fields[5]).toBe(r.pct ?? '');
        });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a money column without a currency instead of guessing one', () => {
    expect(() => csvLine(columns, ['k', 'p', 100, 1, '2026-01-01', null])).toThrow(/currency/);
  });
});
