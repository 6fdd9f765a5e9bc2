import { getConnection } from '../../core/connections/index.ts';
import { describeAuditEntry, describeItem, describeActor, formatCount, formatInstant, WORDS } from '../../core/language/index.ts';
import { renderTable } from '../../core/reconcile/render-text.ts';
import { billingPeriodKey, itemLabeller, portalRowKey, REVIEW_REASONS, REVIEW_STATES, reviewHistory, setReview, type ItemKey } from '../../core/review/index.ts';
import { ReviewSetInput } from '../../contract/inputs.ts';
import { parseCommandArgs, requireDate, requireString } from '../args.ts';
import { UsageError, type CliContext, type Command } from '../context.ts';
import { parseInput } from '../input.ts';

const FLAGS = { connection: 'NAME', itemKeys: '--key', state: '--state', reason: '--reason', note: '--note' };

const USAGE = `Usage: concilia review NAME (--provider ID --period-start YYYY-MM-DD | --id N | --key KEY)...
                      --state ${REVIEW_STATES.join('|')} [--reason R] [--note TEXT] [--json]
       concilia review history NAME (--provider ID --period-start YYYY-MM-DD | --id N | --key KEY) [--json]

Set the review state of discrepancies, findings and exceptions, or show one item's review history.
Each change is signed with your key (you are the account of this computer running concilia) and
kept in the audit log.
  --provider ID --period-start DATE   a portal row (provider and period start)
  --id N                              a PAYG billing period (repeatable)
  --key KEY                           any item by its key, as in the JSON and the workbook (repeatable):
                                      P|provider|YYYY-MM-DD, B|id, F|check|provider|YYYY-MM-DD
  --state                             explained, resolved and carried_forward need a --reason and a --note;
                                      carried_forward settles the item for this period only: it comes
                                      back among the next period's open items
  --reason                            ${REVIEW_REASONS.join(', ')}
Several items given at once change together or not at all.`;

const ITEM_OPTIONS = {
  provider: { type: 'string' },
  'period-start': { type: 'string' },
  id: { type: 'string', multiple: true },
  key: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

function itemKeys(values: { provider?: string; 'period-start'?: string; id?: string[]; key?: string[] }): ItemKey[] {
  const keys: string[] = [...(values.key ?? [])];
  if (values.provider !== undefined || values['period-start'] !== undefined) {
    const provider = requireString(values.provider, '--provider ID (with --period-start)');
    keys.push(portalRowKey(provider, requireDate(values['period-start'], '--period-start')));
  }
  for (const id of values.id ?? []) {
    if (!/^\d{1,15}$/.test(id)) throw new UsageError(`--id must be a billing period number, not "${id}".`);
    keys.push(billingPeriodKey(Number(id)));
  }
  if (keys.length === 0) throw new UsageError('say which items: --provider ID --period-start DATE, --id N or --key KEY.');
  return keys;
}

/** Lines "  sentence" for at most 20 changes, then how many more. */
function listed(lines: readonly string[], ctx: CliContext): string {
  const shown = lines.slice(0, 20).map((l) => `  ${l}`);
  if (lines.length > 20) shown.push(`  ${WORDS[ctx.language].cli.andMore(formatCount(lines.length - 20, ctx.language))}`);
  return shown.join('\n');
}

function history(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseCommandArgs(args, ITEM_OPTIONS);
  if (positionals.length !== 1) throw new UsageError('say which connection: concilia review history NAME ….');
  const keys = itemKeys(values);
  if (keys.length !== 1) throw new UsageError('review history shows one item at a time.');
  const name = positionals[0] ?? '';
  const key = keys[0] ?? '';
  const db = ctx.db();
  const entries = reviewHistory({ db, reviews: ctx.reviews() }, name, key);
  if (values.json) {
    ctx.io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  const w = WORDS[ctx.language];
  const labelOf = itemLabeller(db, getConnection(db, name));
  const item = describeItem(labelOf(key), ctx.language);
  if (entries.length === 0) {
    ctx.io.stdout.write(`${w.cli.noHistory(item)}\n`);
    return 0;
  }
  ctx.io.stdout.write(
    `${w.cli.history(item)}\n${renderTable(
      [{ title: w.cli.columns.at }, { title: w.cli.columns.who }, { title: w.cli.columns.what }],
      entries.map((e) => [formatInstant(e.at, ctx.language), describeActor(e, ctx.language), describeAuditEntry(e, ctx.language, labelOf)]),
    )}\n`,
  );
  return 0;
}

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    if (ctx.args[0] === 'history') return Promise.resolve(history(ctx, ctx.args.slice(1)));
    const { values, positionals } = parseCommandArgs(ctx.args, { ...ITEM_OPTIONS, state: { type: 'string' }, reason: { type: 'string' }, note: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('say which connection: concilia review NAME ….');
    const keys = itemKeys(values);
    const input = parseInput(ReviewSetInput, { connection: positionals[0], itemKeys: keys, state: values.state, reason: values.reason, note: values.note }, FLAGS);
    const db = ctx.db();
    const reviews = setReview({ db, reviews: ctx.reviews() }, { ...input, reason: input.reason ?? null, note: input.note ?? null });
    if (values.json) {
      ctx.io.stdout.write(`${JSON.stringify(reviews, null, 2)}\n`);
    } else {
      const labelOf = itemLabeller(db, getConnection(db, input.connection));
      const lines = reviews.map((r) =>
        describeAuditEntry({ action: 'review.set', subject: r.itemKey, payload: { itemKey: r.itemKey, state: r.state, reason: r.reason, note: r.note } }, ctx.language, labelOf),
      );
      ctx.io.stdout.write(`${WORDS[ctx.language].cli.changed(formatCount(reviews.length, ctx.language))}\n${listed(lines, ctx)}\n`);
    }
    return Promise.resolve(0);
  },
};
