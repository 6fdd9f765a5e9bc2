import { getConnection } from '../../core/connections/index.ts';
import { describeActor, describeAuditEntry, describeVerification, formatInstant, WORDS } from '../../core/language/index.ts';
import { renderTable } from '../../core/reconcile/render-text.ts';
import { itemLabeller, type AuditQuery, type ItemLabeller } from '../../core/review/index.ts';
import { AuditLogInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError, type CliContext, type Command } from '../context.ts';
import { parseInput } from '../input.ts';

const USAGE = `Usage: concilia audit verify [--json]
       concilia audit log [NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]

verify  checks the whole hash chain of the audit log and the signature of every entry against the
        keys the log registered; exit 1 naming the first altered entry (its contents, its signature,
        or a key never registered for its account).
log     every review change, sign-off, void and setting change, oldest first, in words.`;

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub === 'verify') {
      const { values } = parseCommandArgs(rest, { json: { type: 'boolean' } }, false);
      const v = ctx.reviews().verifyAuditLog();
      if (values.json) ctx.io.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
      if (!v.ok) {
        if (values.json) return Promise.resolve(1);
        throw new CliError(describeVerification(v, ctx.language));
      }
      if (!values.json) ctx.io.stdout.write(`${describeVerification(v, ctx.language)}\n`);
      return Promise.resolve(0);
    }
    if (sub !== 'log') throw new UsageError(sub === undefined ? 'say verify or log.' : `unknown audit action "${sub}": use verify or log.`);
    const { values, positionals } = parseCommandArgs(rest, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length > 1) throw new UsageError('audit log takes at most one NAME.');
    const input = parseInput(AuditLogInput, { connection: positionals[0], from: values.from, to: values.to }, { connection: 'NAME', from: '--from', to: '--to' });
    const query: AuditQuery = {};
    if (input.connection !== undefined) query.connection = input.connection;
    if (input.from !== undefined) query.from = input.from;
    if (input.to !== undefined) query.to = input.to;
    const entries = ctx.reviews().auditLog(query);
    const w = WORDS[ctx.language];
    if (values.json) {
      ctx.io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    } else if (entries.length === 0) {
      ctx.io.stdout.write(`${w.cli.noEntries}\n`);
    } else {
      const labelOf = labellers(ctx);
      ctx.io.stdout.write(
        `${renderTable(
          [{ title: w.cli.columns.seq, right: true }, { title: w.cli.columns.at }, { title: w.cli.columns.who }, { title: w.cli.columns.what }],
          entries.map((e) => [String(e.seq), formatInstant(e.at, ctx.language), describeActor(e, ctx.language), describeAuditEntry(e, ctx.language, labelOf(e.connection))]),
        )}\n`,
      );
    }
    return Promise.resolve(0);
  },
};

/** One item labeller per connection of the log (entries of a removed connection name their items by key). */
function labellers(ctx: CliContext): (connection: string | null) => ItemLabeller | undefined {
  const made = new Map<string, ItemLabeller | undefined>();
  return (connection) => {
    if (connection === null) return undefined;
    if (!made.has(connection)) {
      let labeller: ItemLabeller | undefined;
      try {
        labeller = itemLabeller(ctx.db(), getConnection(ctx.db(), connection));
      } catch {
        labeller = undefined;
      }
      made.set(connection, labeller);
    }
    return made.get(connection);
  };
}
