import { defaultPeriod, findConnection, ReconcileError } from '../../core/reconcile/index.ts';
import { SIGNOFF_ROLES, signOff } from '../../core/review/index.ts';
import { oneOf, parseCommandArgs, requireDate, requireString } from '../args.ts';
import { CliError, UsageError, type Command } from '../context.ts';

const USAGE = `Usage: concilia signoff NAME --from YYYY-MM-DD --to YYYY-MM-DD [--period month|week|range]
                       --role preparer|reviewer --author NAME [--json]

Sign off a connection's range: first the preparer, then a reviewer who is somebody else. Each
sign-off records the sha256 of the exact figures it covers; if a later sync changes any of them,
the sign-off is voided and the reconciliation says what changed. The range must be fully synced.`;

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, {
      from: { type: 'string' },
      to: { type: 'string' },
      period: { type: 'string' },
      role: { type: 'string' },
      author: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('say which connection: concilia signoff NAME ….');
    const name = positionals[0] ?? '';
    const from = requireDate(values.from, '--from');
    const to = requireDate(values.to, '--to');
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
    const role = oneOf(values.role, SIGNOFF_ROLES, '--role');
    const author = requireString(values.author, '--author NAME');
    const requested = values.period === undefined ? undefined : oneOf(values.period, ['month', 'week', 'range'] as const, '--period');
    try {
      const db = ctx.db();
      const period = requested ?? defaultPeriod(findConnection(db, name).kind);
      const s = signOff(db, ctx.clock, { connection: name, from, to, period, role, author });
      if (values.json) ctx.io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      else ctx.io.stdout.write(`Signed off ${name} ${from} to ${to} (${period}) as ${role}: ${author}, ${s.signedAt}.\nFigures sha256 ${s.dataHash}\n`);
      return Promise.resolve(0);
    } catch (error) {
      if (error instanceof ReconcileError) throw new CliError(error.message);
      throw error;
    }
  },
};
