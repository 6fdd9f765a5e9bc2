/**
 * The streaming workbook and what surrounds it: where the bytes go, how progress is told, how a
 * cancel or a write failure stops the export between two rows rather than at the very end.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { WorkbookWriter } from './table-sheet.ts';

export class ExportCancelledError extends Error {
  override name = 'ExportCancelledError';
}

export type ProgressListener = (rowsWritten: number, rowsTotal: number) => void;

export interface WriteOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Data rows per sheet before a long table continues on the next: Excel's limit unless a test asks for fewer. */
  sheetRows?: number;
}

/** Where a workbook goes: a file path (created or replaced) or a writable stream. */
export type WorkbookTarget = string | Writable;

const YIELD_EVERY = 2000;
/** Sheet XML that may wait for the compressor before the writer holds back (bounds memory). */
export const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
const BACKLOG_POLL_MS = 2;

/**
 * Counts rows, tells the listener, and every couple of thousand rows lets the event loop turn so
 * zlib and the file system drain what was written (memory stays flat) and a cancel gets through.
 */
export class RowPump {
  private written = 0;
  private sinceYield = 0;
  private readonly total: number;
  private readonly options: WriteOptions;
  private failure: Error | undefined;
  private backlog: () => number = () => 0;

  constructor(total: number, options: WriteOptions) {
    this.total = total;
    this.options = options;
  }

  get rowsWritten(): number {
    return this.written;
  }

  /** Called by the output when the stream under it fails (disk full, folder gone). */
  fail(error: Error): void {
    this.failure ??= error;
  }

  /** Count one row; true when the caller should `await pump.pause()` before the next. */
  tick(): boolean {
    this.written += 1;
    this.sinceYield += 1;
    return this.sinceYield >= YIELD_EVERY;
  }

  /** Where to read how much written XML the zip has yet to take in (see pendingSheetBytes). */
  watchBacklog(backlog: () => number): void {
    this.backlog = backlog;
  }

  async pause(): Promise<void> {
    this.sinceYield = 0;
    this.check();
    this.options.onProgress?.(this.written, this.total);
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Rows are turned into XML faster than zlib compresses it: wait for the compressor rather
    // than let whole sheets of XML pile up in memory.
    while (this.backlog() > MAX_BACKLOG_BYTES) {
      this.check();
      await new Promise<void>((resolve) => setTimeout(resolve, BACKLOG_POLL_MS));
    }
    this.check();
  }

  check(): void {
    if (this.failure) throw this.failure;
    if (this.options.signal?.aborted) {
      const reason: unknown = this.options.signal.reason;
      throw new ExportCancelledError(reason instanceof Error && reason.message ? `The export was cancelled: ${reason.message}` : 'The export was cancelled.');
    }
  }

  finish(): void {
    this.check();
    this.options.onProgress?.(this.written, this.total);
  }
}

export interface OpenWorkbook {
  workbook: WorkbookWriter;
  /** Commit the workbook and wait until every byte has reached the target. */
  close(): Promise<void>;
  /** Stop after a failure: release the file handle (the caller removes the file). */
  abandon(): void;
}

/**
 * A streaming workbook: styles on (the writer drops them otherwise), shared strings off (they
 * would keep every distinct text in memory until the end, and inline text is what we want).
 */
export function openWorkbook(target: WorkbookTarget, pump: RowPump, created: Date): OpenWorkbook {
  const stream = typeof target === 'string' ? createWriteStream(target) : target;
  let failure: Error | undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    stream.once('error', (error: Error) => {
      failure = error;
      pump.fail(error);
      reject(error);
    });
  });
  // The rejection is observed through `close`; until then it must not count as unhandled.
  failed.catch(() => undefined);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  pump.watchBacklog(() => pendingSheetBytes(workbook));
  workbook.creator = 'Concilia';
  workbook.lastModifiedBy = 'Concilia';
  workbook.created = created;
  workbook.modified = created;
  return {
    workbook,
    async close() {
      if (failure) throw failure;
      await Promise.race([workbook.commit(), failed]);
    },
    abandon() {
      if (typeof target === 'string') stream.destroy();
    },
  };
}

interface StreamStateLike {
  length?: number;
}

interface SheetStreamLike {
  pipes?: readonly { _readableState?: StreamStateLike; _writableState?: StreamStateLike }[];
}

/**
 * Bytes of sheet XML handed to exceljs that the zip's compressor has not taken in yet. exceljs's
 * sheet streams ignore backpressure: each pipes into a PassThrough that archiver drains one zip
 * entry at a time, so a writer that never waits buffers whole sheets (160 MB of XML for 100,000
 * rows). This reads those internals, duck-typed: should their shape change it says 0 and the
 * export only loses its memory bound (test/integration/export/streaming.test.ts would then fail).
 */
export function pendingSheetBytes(workbook: WorkbookWriter): number {
  const sheets = (workbook as unknown as { _worksheets?: readonly ({ stream?: SheetStreamLike } | undefined)[] })._worksheets;
  let total = 0;
  for (const sheet of sheets ?? []) {
    for (const pipe of sheet?.stream?.pipes ?? []) total += (pipe._readableState?.length ?? 0) + (pipe._writableState?.length ?? 0);
  }
  return total;
}
