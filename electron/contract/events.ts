/**
 * Events main (or the harness) pushes to the renderer. Long work (sync, export) answers its
 * channel at once or at the end, and reports progress here.
 */
import { z } from 'zod';
import type { EventName } from './names.ts';
import { SyncProgress, SyncResult } from './schemas.ts';

export const events = {
  'sync:onDidProgress': z.object({
    jobId: z.string(),
    connection: z.string(),
    /** 'running' while it works; then exactly one final event: done, failed or cancelled. */
    state: z.enum(['running', 'done', 'failed', 'cancelled']),
    progress: SyncProgress,
    /** Present on 'done' (and on 'cancelled' when the core reported a result). */
    result: SyncResult.nullable(),
    /** Present on 'failed': what happened and what to do. */
    error: z.string().nullable(),
  }),
  'export:onDidProgress': z.object({
    connection: z.string(),
    state: z.enum(['running', 'done', 'failed']),
    rowsWritten: z.number().int().nonnegative(),
    rowsTotal: z.number().int().nonnegative(),
    path: z.string().nullable(),
  }),
  /** A native menu item or its shortcut (File > Export… Ctrl/Cmd+E, File > Sync Ctrl/Cmd+R): the window decides what it means here. */
  'menu:onDidInvoke': z.object({
    command: z.enum(['export', 'sync', 'open-demo', 'add-connection', 'preferences', 'review-workbook', 'import-countersignature']),
  }),
} as const satisfies Record<EventName, z.ZodType>;

type _NoExtraEvents = Exclude<keyof typeof events, EventName> extends never ? true : never;
export const _noExtraEvents: _NoExtraEvents = true;

export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
