import { getConnection } from '../../core/connections/index.ts';
import { defaultPeriod } from '../../core/reconcile/reconcile.ts';
import { signOff } from '../../core/signoff/index.ts';
import { SignoffInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError, type Command } from '../context.ts';
import { parseInput } from '../input.ts';

const FLAGS = { connection: 'NAME', from: '--from', to: '--to', period: '--period', role: '--role', author: '--author' };

const USAGE = `Usage: concilia signoff NAME --from YYYY-MM-DD --to YYYY-MM-DD [--period month|week|range]
                       --role preparer|reviewer --author NAME [--json]

Sign off a connection's range: first the preparer, then a reviewer who is somebody else. Each
sign-off records the sha256 of the exact figures it covers; if a later sync changes any of them,
the sign-off is voided and the reconciliation says what changed. The range must be fully synced.`;

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, {
      from: { type: 'string' },
      to: { type: 'string' },
      period: { type: 'string' },
      role: { type: 'string' },
      author: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('say which connection: concilia signoff NAME ….');
    // The period defaults by the connection's kind; the schema checks everything else first.
    const given = { connection: positionals[0], from: values.from, to: values.to, role: values.role, author: values.author };
    parseInput(SignoffInput, { ...given, period: values.period ?? 'month' }, FLAGS);
    const db = ctx.db();
    const input = parseInput(SignoffInput, { ...given, period: values.period ?? defaultPeriod(getConnection(db, positionals[0] ?? '').kind) }, FLAGS);
    const s = await signOff({ db, reviews: ctx.reviews(), clock: ctx.clock }, input);
    if (values.json) ctx.io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    else ctx.io.stdout.write(`Signed off ${input.connection} ${input.from} to ${input.to} (${input.period}) as ${input.role}: ${input.author}, ${s.signedAt}.\nFigures sha256 ${s.dataHash}\n`);
    return 0;
  },
};
