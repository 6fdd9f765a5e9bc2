/**
 * CSV as Excel and LibreOffice open it in any locale: UTF-8 with a byte-order mark (so accents
 * survive Excel), comma or semicolon separated (`;` is what Spanish and most European locales
 * expect), CRLF line ends. Every text field is quoted, so no separator inside a name can start a
 * new field, whichever separator the reader picks; text is neutralised against formula injection
 * at its start and after every line break inside it. Numbers are plain decimals with a point and
 * keep their sign (-12.50).
 */
import { createWriteStream } from 'node:fs';
import { currencyExponent, formatMinor } from '../money/index.ts';
import { neutraliseCsvText } from './safe-text.ts';
import type { CellInput, ColumnSpec, RowOptions } from './table.ts';
import { isFormula } from './table.ts';
import type { RowPump, WorkbookTarget, WriteOptions } from './workbook-output.ts';

export const CSV_BOM = '\uFEFF';

export const CSV_DELIMITERS = [',', ';'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export interface CsvOptions extends WriteOptions {
  /** The field separator: `,` (the default) or `;`. */
  delimiter?: CsvDelimiter;
}

/** RFC 4180 quoting, always: the field in double quotes, inner quotes doubled. */
export function quoteCsvField(field: string): string {
  return `"${field.replace(/"/g, '""')}"`;
}

/** One CSV line (with its CRLF) for a row described by `columns`. */
export function csvLine(
  columns: readonly ColumnSpec[],
  values: readonly CellInput[],
  options: Pick<RowOptions, 'currency'> & { delimiter?: CsvDelimiter } = {},
): string {
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
        // Produced by Concilia itself in a fixed shape (digits, dashes, colons, a point): a value
        // the reader should parse, never user text, and never holding a separator or a quote.
        fields.push(String(raw));
        break;
      case 'text':
        fields.push(quoteCsvField(neutraliseCsvText(String(raw))));
        break;
    }
  }
  return `${fields.join(options.delimiter ?? ',')}\r\n`;
}

export function csvHeader(columns: readonly ColumnSpec[], delimiter: CsvDelimiter = ','): string {
  return `${columns.map((c) => quoteCsvField(neutraliseCsvText(c.header))).join(delimiter)}\r\n`;
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
  delimiter: CsvDelimiter = ',',
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
    let buffer = CSV_BOM + csvHeader(columns, delimiter);
    for (const row of rows) {
      buffer += csvLine(columns, row.values, row.currency === undefined ? { delimiter } : { currency: row.currency, delimiter });
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
