import { getConnection, toleranceToMinor } from '../../core/connections/index.ts';
import { describeTolerance, WORDS } from '../../core/language/index.ts';
import { currencyExponent, formatMinor } from '../../core/money/index.ts';
import { saveTolerance, type SavedTolerance } from '../../core/review/index.ts';
import { ToleranceSetInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError, type Command } from '../context.ts';
import { parseInput } from '../input.ts';

const USAGE = `Usage: concilia tolerance NAME [--abs AMOUNT] [--pct PCT] [--json]

Show, or change, the tolerance a portal connection is reconciled and signed off with: a difference
at or under AMOUNT (in the connection's currency), or at or under PCT percent of the invoiced
amount, is within tolerance. Each change is recorded in the audit log (old -> new, who, when), and
the next sign-off records the tolerance it was made with. A tolerance given to concilia reconcile
(--tolerance-abs, --tolerance-pct) is a what-if for that run only: it is never saved, and never
used by a sign-off.`;

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, { abs: { type: 'string' }, pct: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('say which connection: concilia tolerance NAME ….');
    const input = parseInput(
      ToleranceSetInput,
      { connection: positionals[0], abs: values.abs, pct: values.pct?.replace(/%$/, '') },
      { connection: 'NAME', abs: '--abs', pct: '--pct' },
    );
    const db = ctx.db();
    const connection = getConnection(db, input.connection);
    if (connection.kind !== 'portal') throw new UsageError(`${connection.name} is a PAYG connection: tolerances apply to portal connections only.`);
    const reviews = ctx.reviews();
    const currency = connection.currency ?? '';
    const shown = (t: SavedTolerance): { abs: string; pct: string; currency: string } => ({ abs: formatMinor(t.absMinor, currencyExponent(currency)), pct: t.pct, currency });
    const before = reviews.savedTolerance(connection);
    const w = WORDS[ctx.language];
    let after = before;
    if (input.abs !== undefined || input.pct !== undefined) {
      after = saveTolerance({ db, reviews }, connection.name, {
        ...(input.abs !== undefined ? { absMinor: toleranceToMinor(input.abs, currency) } : {}),
        ...(input.pct !== undefined ? { pct: input.pct } : {}),
      });
    }
    if (values.json) {
      ctx.io.stdout.write(`${JSON.stringify({ connection: connection.name, ...shown(after), previous: shown(before) }, null, 2)}\n`);
    } else if (after === before) {
      ctx.io.stdout.write(`${w.cli.toleranceNow(connection.name, describeTolerance(shown(after), ctx.language))}\n`);
    } else if (after.absMinor === before.absMinor && after.pct === before.pct) {
      ctx.io.stdout.write(`${w.cli.toleranceUnchanged(connection.name, describeTolerance(shown(after), ctx.language))}\n`);
    } else {
      ctx.io.stdout.write(`${w.cli.toleranceSaved(connection.name, describeTolerance(shown(before), ctx.language), describeTolerance(shown(after), ctx.language))}\n`);
    }
    return Promise.resolve(0);
  },
};
