import type { CacheDatabase } from '../../core/cache/index.ts';
import { findConnection, reconcile, reconciliationJson, ReconcileError, renderReconciliationText, type ReconcileParams } from '../../core/reconcile/index.ts';
import { oneOf, parseCommandArgs, requireDate } from '../args.ts';
import { CliError, UsageError, type Command } from '../context.ts';

const USAGE = `Usage: concilia reconcile NAME --from YYYY-MM-DD --to YYYY-MM-DD [options]

Reconcile a connection from the cache (no network): a portal connection as invoiced vs
provider-reported per provider and period, a PAYG connection as billed vs collected.

Options:
  --period month|week|range   portal: how the range was synced (default month)
                              PAYG: week (ISO weeks, the default) or month
  --tolerance-abs AMOUNT      portal: a difference at or under this amount is within tolerance
  --tolerance-pct PCT         portal: ... or at or under this percent of the invoiced amount
                              (both default to the connection's own tolerance)
  --group-by loan|funding_source   PAYG: split each period by loan or funding source
  --outstanding-days N        PAYG: outstanding this many days past the period end is an exception (14)
  --draft-days N              PAYG: a draft not sent this many days past the end is an exception (7)
  --stuck-days N              PAYG: this many days in one status is an exception (21)
  --json                      one JSON document on stdout, amounts as exact decimal strings

Exit codes: 0 reconciled (see "complete" for coverage), 1 failure, 2 bad usage.`;

function days(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value)) throw new UsageError(`${flag} must be a whole number of days, not "${value}".`);
  return Number(value);
}

/** Say plainly when the range holds nothing of the asked period kind, and how to fix it. */
function requireSyncedData(db: CacheDatabase, params: { name: string; kind: 'portal' | 'payg'; id: number; from: string; to: string; period: string | undefined }): void {
  const syncHint = (period: string): string => `concilia sync ${params.name} --from ${params.from} --to ${params.to} --period ${period}`;
  if (params.kind === 'portal') {
    const period = params.period ?? 'month';
    const kinds = db
      .prepare<[number, string, string], { period_kind: string }>(
        'SELECT DISTINCT period_kind FROM sync_window WHERE connection_id = ? AND period_start >= ? AND period_end <= ? ORDER BY period_kind',
      )
      .all(params.id, params.from, params.to)
      .map((r) => r.period_kind);
    if (!kinds.includes(period)) {
      const other = kinds.length > 0 ? ` (${kinds.join(' and ')} windows exist for this range: try --period ${kinds[0] ?? ''})` : '';
      throw new CliError(`no ${period} windows synced for ${params.name} in this range${other}: run ${syncHint(period)}`);
    }
    return;
  }
  const any = db
    .prepare<[number, string, string], { n: number }>('SELECT count(*) AS n FROM sync_window WHERE connection_id = ? AND window_start <= ? AND window_end >= ?')
    .get(params.id, params.to, params.from);
  if (!any || any.n === 0) throw new CliError(`nothing synced for ${params.name} between ${params.from} and ${params.to}: run ${syncHint(params.period ?? 'week')}`);
}

export const command: Command = {
  summary: 'reconcile a connection over a date range, from the cache',
  usage: USAGE,
  run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, {
      from: { type: 'string' },
      to: { type: 'string' },
      period: { type: 'string' },
      'tolerance-abs': { type: 'string' },
      'tolerance-pct': { type: 'string' },
      'group-by': { type: 'string' },
      'outstanding-days': { type: 'string' },
      'draft-days': { type: 'string' },
      'stuck-days': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('say which connection to reconcile: concilia reconcile NAME --from … --to ….');
    if (positionals.length > 1) throw new UsageError(`reconcile takes one NAME, not ${positionals.length}.`);
    const name = positionals[0] ?? '';
    const from = requireDate(values.from, '--from');
    const to = requireDate(values.to, '--to');
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
    const period = values.period === undefined ? undefined : oneOf(values.period, ['month', 'week', 'range'] as const, '--period');
    const groupBy = values['group-by'] === undefined ? undefined : oneOf(values['group-by'], ['loan', 'funding_source'] as const, '--group-by');
    const params: ReconcileParams = { connection: name, from, to, now: ctx.clock() };
    if (period !== undefined) params.period = period;
    if (values['tolerance-abs'] !== undefined) params.toleranceAbs = values['tolerance-abs'];
    if (values['tolerance-pct'] !== undefined) params.tolerancePct = values['tolerance-pct'].replace(/%$/, '');
    if (groupBy !== undefined) params.groupBy = groupBy;
    const outstandingDays = days(values['outstanding-days'], '--outstanding-days');
    const draftDays = days(values['draft-days'], '--draft-days');
    const stuckDays = days(values['stuck-days'], '--stuck-days');
    if (outstandingDays !== undefined) params.outstandingDays = outstandingDays;
    if (draftDays !== undefined) params.draftDays = draftDays;
    if (stuckDays !== undefined) params.stuckDays = stuckDays;

    const db = ctx.db();
    try {
      const connection = findConnection(db, name);
      requireSyncedData(db, { name, kind: connection.kind, id: connection.id, from, to, period });
      const result = reconcile(db, params);
      ctx.io.stdout.write(values.json ? `${JSON.stringify(reconciliationJson(result), null, 2)}\n` : renderReconciliationText(result));
      return Promise.resolve(0);
    } catch (error) {
      if (error instanceof ReconcileError) throw new CliError(error.message);
      throw error;
    }
  },
};
