/**
 * reconcile:run, review:signoff and export:run: the reconciliation from the cache (never the
 * network), and the export that writes it — after the save dialog, in the background of the
 * request, with progress events.
 */
import { getConnection } from '../core/connections/index.ts';
import { exportReconciliation } from '../core/export/index.ts';
import { reconcile, type Reconciliation } from '../core/reconcile/index.ts';
import { signOff } from '../core/signoff/index.ts';
import { ContractError, type HandlerOutput, type ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

const PROGRESS_INTERVAL_MS = 100;

/** "acme-portal 2026-01-01 to 2026-03-31.xlsx" — a name the save dialog proposes. */
export function suggestedFileName(connection: string, from: string, to: string, format: 'xlsx' | 'csv'): string {
  return `${connection} ${from} to ${to}.${format}`;
}

/** The reconciliation without its big lists (they stay in the view), plus the view's id and sizes. */
export function summaryOf(result: Reconciliation, viewId: string): HandlerOutput<'reconcile:run'> {
  if (result.kind === 'portal') {
    const { rows: _rows, openItems: _openItems, ...rest } = result;
    return { ...rest, view: { id: viewId, rowCount: result.rows.length, openItemCount: result.openItems.length, exceptionCount: 0 } };
  }
  const { exceptions: _exceptions, openItems: _openItems, ...rest } = result;
  return { ...rest, view: { id: viewId, rowCount: 0, openItemCount: result.openItems.length, exceptionCount: result.exceptions.length } };
}

export function workHandlers(ctx: HandlerContext) {
  const { db, clock, platform, app } = ctx.deps;
  let exporting = false;
  return {
    'reconcile:run'(input: ParsedInput<'reconcile:run'>): Promise<HandlerOutput<'reconcile:run'>> {
      const result = reconcile(ctx.deps, { ...input, now: clock() });
      return Promise.resolve(summaryOf(result, ctx.views.add(result)));
    },

    'reconcile:rows'(input: ParsedInput<'reconcile:rows'>): Promise<HandlerOutput<'reconcile:rows'>> {
      const { total, rows } = ctx.views.rows(input.viewId, input, input.offset, input.limit);
      // The list names the row shape; the contract checks each row against it on the way out.
      return Promise.resolve({ list: input.list, total, offset: input.offset, rows } as HandlerOutput<'reconcile:rows'>);
    },

    'reconcile:keys'(input: ParsedInput<'reconcile:keys'>): Promise<HandlerOutput<'reconcile:keys'>> {
      return Promise.resolve(ctx.views.keys(input.viewId, input, input.offset, input.limit));
    },

    'review:signoff'(input: ParsedInput<'review:signoff'>): Promise<HandlerOutput<'review:signoff'>> {
      return signOff(ctx.deps, input);
    },

    async 'export:run'(input: ParsedInput<'export:run'>): Promise<HandlerOutput<'export:run'>> {
      const connection = getConnection(db, input.connection);
      if (exporting) throw new ContractError('conflict', 'An export is already being written. Wait for it to finish, then export again.');
      const target = await platform.chooseSavePath(suggestedFileName(connection.name, input.from, input.to, input.format), input.format);
      if (target === null) return { status: 'cancelled' };
      exporting = true;
      let lastSentAt = 0;
      const progress = (state: 'running' | 'done' | 'failed', rowsWritten: number, rowsTotal: number, path: string | null): void =>
        ctx.emit('export:onDidProgress', { connection: connection.name, state, rowsWritten, rowsTotal, path });
      try {
        const { format, ...params } = input;
        const result = await exportReconciliation(ctx.deps, {
          ...params,
          out: target,
          format,
          appVersion: app.version,
          now: clock(),
          onProgress: (rowsWritten, rowsTotal) => {
            const now = Date.now();
            if (now - lastSentAt < PROGRESS_INTERVAL_MS) return;
            lastSentAt = now;
            progress('running', rowsWritten, rowsTotal, null);
          },
        });
        ctx.writtenFiles.add(result.path);
        progress('done', result.rows, result.rows, result.path);
        return { status: 'written', path: result.path, format: result.format, rows: result.rows, sheets: result.sheets };
      } catch (error) {
        progress('failed', 0, 0, null);
        throw error;
      } finally {
        exporting = false;
      }
    },
  };
}
