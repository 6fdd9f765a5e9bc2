/**
 * The arguments `concilia reconcile` and `concilia export` share. One parser for both, so the
 * export is guaranteed to show the figures reconcile shows for the same command line.
 */
import type { CacheDatabase } from '../core/cache/index.ts';
import { findConnection, type ReconcileParams } from '../core/reconcile/index.ts';
import { oneOf, requireDate } from './args.ts';
import { CliError, UsageError } from './context.ts';

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

type ReconcileValues = Partial<Record<keyof typeof RECONCILE_OPTIONS, string | boolean | (string | boolean)[]>>;

/** Turn parsed options (and the one NAME) into reconcile parameters, or a UsageError. */
export function readReconcileArgs(values: ReconcileValues, positionals: string[], command: string, now: number): ReconcileParams {
  if (positionals.length === 0) throw new UsageError(`say which connection: concilia ${command} NAME --from … --to ….`);
  if (positionals.length > 1) throw new UsageError(`${command} takes one NAME, not ${positionals.length}.`);
  const text = (key: keyof typeof RECONCILE_OPTIONS): string | undefined => {
    const value = values[key];
    return typeof value === 'string' ? value : undefined;
  };
  const from = requireDate(text('from'), '--from');
  const to = requireDate(text('to'), '--to');
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
  const params: ReconcileParams = { connection: positionals[0] ?? '', from, to, now };
  const period = text('period');
  if (period !== undefined) params.period = oneOf(period, ['month', 'week', 'range'] as const, '--period');
  const toleranceAbs = text('tolerance-abs');
  if (toleranceAbs !== undefined) params.toleranceAbs = toleranceAbs;
  // "0.5" or "0.5%".
  const tolerancePct = text('tolerance-pct');
  if (tolerancePct !== undefined) params.tolerancePct = tolerancePct.replace(/%$/, '');
  const groupBy = text('group-by');
  if (groupBy !== undefined) params.groupBy = oneOf(groupBy, ['loan', 'funding_source'] as const, '--group-by');
  const outstandingDays = days(text('outstanding-days'), '--outstanding-days');
  if (outstandingDays !== undefined) params.outstandingDays = outstandingDays;
  const draftDays = days(text('draft-days'), '--draft-days');
  if (draftDays !== undefined) params.draftDays = draftDays;
  const stuckDays = days(text('stuck-days'), '--stuck-days');
  if (stuckDays !== undefined) params.stuckDays = stuckDays;
  return params;
}

function days(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value)) throw new UsageError(`${flag} must be a whole number of days, not "${value}".`);
  return Number(value);
}

/** Say plainly when the range holds nothing of the asked period kind, and how to fix it. */
export function requireSyncedData(db: CacheDatabase, params: ReconcileParams): void {
  const connection = findConnection(db, params.connection);
  const name = connection.name;
  const syncHint = (period: string): string => `concilia sync ${name} --from ${params.from} --to ${params.to} --period ${period}`;
  if (connection.kind === 'portal') {
    const period = params.period ?? 'month';
    const kinds = db
      .prepare<[number, string, string], { period_kind: string }>(
        'SELECT DISTINCT period_kind FROM sync_window WHERE connection_id = ? AND period_start >= ? AND period_end <= ? ORDER BY period_kind',
      )
      .all(connection.id, params.from, params.to)
      .map((r) => r.period_kind);
    if (!kinds.includes(period)) {
      const other = kinds.length > 0 ? ` (${kinds.join(' and ')} windows exist for this range: try --period ${kinds[0] ?? ''})` : '';
      throw new CliError(`no ${period} windows synced for ${name} in this range${other}: run ${syncHint(period)}`);
    }
    return;
  }
  const any = db
    .prepare<[number, string, string], { n: number }>('SELECT count(*) AS n FROM sync_window WHERE connection_id = ? AND window_start <= ? AND window_end >= ?')
    .get(connection.id, params.to, params.from);
  if (!any || any.n === 0) throw new CliError(`nothing synced for ${name} between ${params.from} and ${params.to}: run ${syncHint(params.period ?? 'week')}`);
}
