/**
 * reconcile:run, :summary, :rows and :keys, review:signoff and export:run: the reconciliation
 * from the cache (never the network), paged from its view, and the export that writes it — after the save dialog, in the background of the
 * request, with progress events.
 */
import { getConnection } from '../core/connections/index.ts';
import { exportReconciliation, workbookLanguageOf } from '../core/export/index.ts';
import { openReconciliation, type OpenReconciliation } from '../core/reconcile/index.ts';
import { signOff } from '../core/signoff/index.ts';
import { ContractError, type HandlerOutput, type ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

const PROGRESS_INTERVAL_MS = 100;

/** "acme-portal 2026-01-01 to 2026-03-31.xlsx" — a name the save dialog proposes. */
export function suggestedFileName(connection: string, from: string, to: string, format: 'xlsx' | 'csv'): string {
  return `${connection} ${from} to ${to}.${format}`;
}

/** The reconciliation without its big lists (they stay in the view), plus the view's id and sizes. */
export function summaryOf(open: OpenReconciliation, viewId: string): HandlerOutput<'reconcile:run'> {
  const openItemCount = open.openItems.count;
  if (open.kind === 'portal') {
    return { ...open.outline, view: { id: viewId, rowCount: open.rows.count, openItemCount, exceptionCount: 0 } };
  }
  return { ...open.outline, view: { id: viewId, rowCount: 0, openItemCount, exceptionCount: open.exceptions.count } };
}

/** An "as of" day counts ages to its last millisecond (UTC, like every calendar date in the cache). */
function agedAtOf(asOf: string | undefined): { agedAt?: number } {
  return asOf === undefined ? {} : { agedAt: Date.parse(`${asOf}T23:59:59.999Z`) };
}

export function workHandlers(ctx: HandlerContext) {
  const { db, clock, platform, app } = ctx.deps;
  let exporting = false;
  return {
    'reconcile:run'(input: ParsedInput<'reconcile:run'>): Promise<HandlerOutput<'reconcile:run'>> {
      const { asOf, ...params } = input;
      const open = openReconciliation(ctx.deps, { ...params, now: clock(), ...agedAtOf(asOf) });
      return Promise.resolve(summaryOf(open, ctx.views.add(open)));
    },

    'reconcile:summary'(input: ParsedInput<'reconcile:summary'>): Promise<HandlerOutput<'reconcile:summary'>> {
      return Promise.resolve(summaryOf(ctx.views.get(input.viewId), input.viewId));
    },

    'reconcile:rows'(input: ParsedInput<'reconcile:rows'>): Promise<HandlerOutput<'reconcile:rows'>> {
      return Promise.resolve(ctx.views.page(input.viewId, input, input.offset, input.limit));
    },

    'reconcile:keys'(input: ParsedInput<'reconcile:keys'>): Promise<HandlerOutput<'reconcile:keys'>> {
      return Promise.resolve(ctx.views.keys(input.viewId, input, input.offset, input.limit));
    },

    'review:signoff'(input: ParsedInput<'review:signoff'>): Promise<HandlerOutput<'review:signoff'>> {
      return Promise.resolve(signOff(ctx.deps, input));
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
        const { format, asOf, ...params } = input;
        const result = await exportReconciliation(ctx.deps, {
          ...params,
          ...agedAtOf(asOf),
          out: target,
          format,
          // The app's language: its setting, else the system's, as the window itself chooses.
          language: workbookLanguageOf(db, systemLanguage()),
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

/** The system's language as this process sees it (Electron and Node take it from the OS). */
function systemLanguage(): 'en' | 'es' {
  return Intl.DateTimeFormat().resolvedOptions().locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}
