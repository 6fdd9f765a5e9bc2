import { getConnection } from '../../core/connections/index.ts';
import { describeRange, describeTally, describeTolerance, WORDS } from '../../core/language/index.ts';
import { defaultPeriod } from '../../core/reconcile/reconcile.ts';
import { signOff } from '../../core/signoff/index.ts';
import { SignoffInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError, type Command } from '../context.ts';
import { parseInput } from '../input.ts';

const FLAGS = { connection: 'NAME', from: '--from', to: '--to', period: '--period', role: '--role' };

const USAGE = `Usage: concilia signoff NAME --from YYYY-MM-DD --to YYYY-MM-DD [--period month|week|range]
                       --role preparer|reviewer [--json]

Sign off a connection's range as the account of this computer running concilia: first the
preparer, then a reviewer of another account. The range must be fully synced, and a preparer
sign-off is refused while any out-of-tolerance discrepancy, finding or exception of the range is
open (explain, resolve or carry forward each one first). Each sign-off signs the statement of the
range — its figures, the saved tolerance and every review — and records its counts; a reviewer
signs only the statement the preparer signed. If a later sync changes any figure, the sign-off is
voided and the reconciliation says what changed.`;

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, {
      from: { type: 'string' },
      to: { type: 'string' },
      period: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('say which connection: concilia signoff NAME ….');
    // The period defaults by the connection's kind; the schema checks everything else first.
    const given = { connection: positionals[0], from: values.from, to: values.to, role: values.role };
    parseInput(SignoffInput, { ...given, period: values.period ?? 'month' }, FLAGS);
    const db = ctx.db();
    const input = parseInput(SignoffInput, { ...given, period: values.period ?? defaultPeriod(getConnection(db, positionals[0] ?? '').kind) }, FLAGS);
    const s = await signOff({ db, reviews: ctx.reviews(), clock: ctx.clock }, input);
    if (values.json) {
      ctx.io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      return 0;
    }
    const w = WORDS[ctx.language];
    const what = `${s.connection}, ${describeRange(s.from, s.to, s.period, ctx.language)}`;
    const attested = s.attested;
    ctx.io.stdout.write(
      `${w.cli.signed(w.role[s.role], what, s.author, attested ? describeTally(attested.tally, ctx.language) : '', attested?.tolerance ? describeTolerance(attested.tolerance, ctx.language) : null)}\n` +
        `${w.cli.statementHash(s.dataHash)}\n`,
    );
    return 0;
  },
};
