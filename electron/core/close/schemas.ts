/**
 * The month-end overview's shapes, as zod schemas: declared once here; the TypeScript types are
 * inferred from them and the IPC contract re-exports them.
 */
import { z } from 'zod';
import { DateText, Instant } from '../scalars.ts';

export const CLOSE_STATES = ['not_synced', 'incomplete', 'open', 'prepared', 'reviewed', 'voided'] as const;
export const CloseState = z.enum(CLOSE_STATES);
export type CloseState = z.infer<typeof CloseState>;

export const CloseSignature = z.object({ author: z.string(), signedAt: Instant });
export type CloseSignature = z.infer<typeof CloseSignature>;

/** One connection's month on the month-end overview. */
export const CloseCell = z.object({
  connection: z.string(),
  /** YYYY-MM */
  month: z.string(),
  from: DateText,
  to: DateText,
  state: CloseState,
  /** Items still to review (state 'open'; 0 once prepared or reviewed); null when not synced or incomplete. */
  openItems: z.number().int().nonnegative().nullable(),
  preparer: CloseSignature.nullable(),
  reviewer: CloseSignature.nullable(),
  /** Why the last sign-off was voided (state 'voided'). */
  voidReason: z.string().nullable(),
  /** Team mode: the member who prepares this month, and by when. */
  assignee: z.string().nullable(),
  dueDate: DateText.nullable(),
  overdue: z.boolean(),
});
export type CloseCell = z.infer<typeof CloseCell>;

export const CloseOverview = z.object({
  months: z.array(z.string()),
  connections: z.array(z.object({ name: z.string(), kind: z.enum(['portal', 'payg']) })),
  /** Connection by connection, month by month (the order of `connections` and `months`). */
  cells: z.array(CloseCell),
  /** True in team mode (assignees and due dates apply). */
  team: z.boolean(),
});
export type CloseOverview = z.infer<typeof CloseOverview>;
