/**
 * CSV as Excel opens it without a wizard: UTF-8 with a byte-order mark, comma separated, RFC 4180
 * quoting, CRLF line ends. Text fields are neutralised against formula injection; numbers are
 * plain decimals with a point and keep their sign (-12.50).
 */
import { createWriteStream } from 'node:fs';
import { currencyExponent, formatMinor } from '../money/index.ts';
import { neutraliseCsvText } from './safe-text.ts';
import type { CellInput, ColumnSpec, RowOptions } from './table.ts';
import { isFormula } from './table.ts';
import type { RowPump, WorkbookTarget } from './workbook-output.ts';

export const CSV_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quote a field holding a quote, comma, CR or LF, doubling inner quotes. */
export function quoteCsvField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One CSV line (with its CRLF) for a row described by `columns`. */
export function csvLine(columns: readonly ColumnSpec[], values: readonly CellInput[], options: Pick<RowOptions, 'currency'> = {}): string {
  const fields: string[] = [];
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    const value = values[i];
    if (column === undefined || value === null || value === undefined) {
      fields.push('');
      continue;
    }
    const raw = isFormula(value) ? value.result : value;
    if (raw === null) {
      fields.push('');
      continue;
    }
    switch (column.kind) {
      case 'money': {
        if (!options.currency) throw new Error(`A money column (${column.header}) needs the row's currency.`);
        fields.push(formatMinor(Number(raw), currencyExponent(options.currency)));
        break;
      }
      case 'integer':
        fields.push(String(raw));
        break;
      case 'percent':
      case 'date':
      case 'instant':
        // Produced by Concilia itself in a fixed shape (digits, dashes, a point): not user text.
        fields.push(quoteCsvField(String(raw)));
        break;
      case 'text':
        fields.push(quoteCsvField(neutraliseCsvText(String(raw))));
        break;
    }
  }
  return `${fields.join(',')}\r\n`;
}

export function csvHeader(columns: readonly ColumnSpec[]): string {
  return `${columns.map((c) => quoteCsvField(neutraliseCsvText(c.header))).join(',')}\r\n`;
}

/**
 * Write a CSV file (or stream) line by line, waiting for the disk when it falls behind, so a
 * large export never sits in memory as one string.
 */
export async function writeCsv(
  target: WorkbookTarget,
  columns: readonly ColumnSpec[],
  rows: Iterable<{ values: readonly CellInput[]; currency?: string }>,
  pump: RowPump,
): Promise<void> {
  const stream = typeof target === 'string' ? createWriteStream(target) : target;
  let failure: Error | undefined;
  stream.on('error', (error: Error) => {
    failure = error;
    pump.fail(error);
  });
  const flush = async (chunk: string): Promise<void> => {
    if (failure) throw failure;
    if (!stream.write(chunk, 'utf8')) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = (): void => {
          stream.off('error', onError);
          resolve();
        };
        const onError = (error: Error): void => {
          stream.off('drain', onDrain);
          reject(error);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    }
  };
  try {
    let buffer = CSV_BOM + csvHeader(columns);
    for (const row of rows) {
      buffer += csvLine(columns, row.values, row.currency === undefined ? {} : { currency: row.currency });
      if (buffer.length >= 64 * 1024) {
        await flush(buffer);
        buffer = '';
      }
      if (pump.tick()) await pump.pause();
    }
    await flush(buffer);
    pump.check();
    await new Promise<void>((resolve, reject) => {
      if (failure) {
        reject(failure);
        return;
      }
      stream.once('error', reject);
      stream.end(() => resolve());
    });
    if (failure) throw failure;
    pump.finish();
  } catch (error) {
    if (typeof target === 'string') stream.destroy();
    throw error;
  }
}
