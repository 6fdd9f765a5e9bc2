/**
 * The arguments `concilia reconcile` and `concilia export` share. One parser for both, so the
 * export is guaranteed to show the figures reconcile shows for the same command line, and both
 * check their values with the app's own reconcile:run schema.
 */
import type { ReadableDB } from '../core/cache/index.ts';
import { getConnection } from '../core/connections/index.ts';
import type { ReconcileParams } from '../core/reconcile/index.ts';
import { syncedPeriodKinds, windowsOverlapping } from '../core/sync/synced-ranges.ts';
import { ReconcileInput } from '../contract/inputs.ts';
import { CliError, UsageError } from './context.ts';
import { numberOrText, parseInput } from './input.ts';

export const RECONCILE_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  period: { type: 'string' },
  'tolerance-abs': { type: 'string' },
  'tolerance-pct': { type: 'string' },
  'group-by': { type: 'string' },
  'outstanding-days': { type: 'string' },
  'draft-days': { type: 'string' },
  'stuck-days': { type: 'string' },
} as const;

const FLAGS = {
  connection: 'NAME',
  from: '--from',
  to: '--to',
  period: '--period',
  toleranceAbs: '--tolerance-abs',
  tolerancePct: '--tolerance-pct',
  groupBy: '--group-by',
  outstandingDays: '--outstanding-days',
  draftDays: '--draft-days',
  stuckDays: '--stuck-days',
};

type ReconcileValues = Partial<Record<keyof typeof RECONCILE_OPTIONS, string | boolean | (string | boolean)[]>>;

/** Turn parsed options (and the one NAME) into reconcile parameters, or a UsageError. */
export function readReconcileArgs(values: ReconcileValues, positionals: string[], command: string, now: number): ReconcileParams {
  if (positionals.length === 0) throw new UsageError(`say which connection: concilia ${command} NAME --from … --to ….`);
  if (positionals.length > 1) throw new UsageError(`${command} takes one NAME, not ${positionals.length}.`);
  const text = (key: keyof typeof RECONCILE_OPTIONS): string | undefined => {
    const value = values[key];
    return typeof value === 'string' ? value : undefined;
  };
  const input = parseInput(
    ReconcileInput,
    {
      connection: positionals[0],
      from: text('from'),
      to: text('to'),
      period: text('period'),
      toleranceAbs: text('tolerance-abs'),
      // "0.5" or "0.5%".
      tolerancePct: text('tolerance-pct')?.replace(/%$/, ''),
      groupBy: text('group-by'),
      outstandingDays: numberOrText(text('outstanding-days')),
      draftDays: numberOrText(text('draft-days')),
      stuckDays: numberOrText(text('stuck-days')),
    },
    FLAGS,
  );
  const params: ReconcileParams = { connection: input.connection, from: input.from, to: input.to, now };
  if (input.period !== undefined) params.period = input.period;
  if (input.toleranceAbs !== undefined) params.toleranceAbs = input.toleranceAbs;
  if (input.tolerancePct !== undefined) params.tolerancePct = input.tolerancePct;
  if (input.groupBy !== undefined) params.groupBy = input.groupBy;
  if (input.outstandingDays !== undefined) params.outstandingDays = input.outstandingDays;
  if (input.draftDays !== undefined) params.draftDays = input.draftDays;
  if (input.stuckDays !== undefined) params.stuckDays = input.stuckDays;
  return params;
}

/** Say plainly when the range holds nothing of the asked period kind, and how to fix it. */
export function requireSyncedData(db: ReadableDB, params: ReconcileParams): void {
  const connection = getConnection(db, params.connection);
  const name = connection.name;
  const syncHint = (period: string): string => `concilia sync ${name} --from ${params.from} --to ${params.to} --period ${period}`;
  if (connection.kind === 'portal') {
    const period = params.period ?? 'month';
    const kinds = syncedPeriodKinds(db, connection.id, params.from, params.to);
    if (!kinds.includes(period)) {
      const other = kinds.length > 0 ? ` (${kinds.join(' and ')} windows exist for this range: try --period ${kinds[0] ?? ''})` : '';
      throw new CliError(`no ${period} windows synced for ${name} in this range${other}: run ${syncHint(period)}`);
    }
    return;
  }
  if (windowsOverlapping(db, connection.id, params.from, params.to) === 0) {
    throw new CliError(`nothing synced for ${name} between ${params.from} and ${params.to}: run ${syncHint(params.period ?? 'week')}`);
  }
}
