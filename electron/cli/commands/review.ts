import { billingPeriodKey, portalRowKey, REVIEW_REASONS, setReview } from '../../core/review/index.ts';
import { ReviewSetInput } from '../../contract/inputs.ts';
import { parseCommandArgs, requireDate, requireString } from '../args.ts';
import { UsageError, type Command } from '../context.ts';
import { parseInput } from '../input.ts';

const FLAGS = { connection: 'NAME', itemKeys: '--key', state: '--state', reason: '--reason', note: '--note', author: '--author' };

const USAGE = `Usage: concilia review NAME (--provider ID --period-start YYYY-MM-DD | --id N | --key KEY)...
                      --state open|explained|resolved [--reason R] [--note TEXT] --author NAME [--json]

Set the review state of discrepancies and findings. Each change is kept in the audit log.
  --provider ID --period-start DATE   a portal row (provider and period start)
  --id N                              a PAYG billing period (repeatable)
  --key KEY                           any item by its key, as in the JSON and the workbook (repeatable):
                                      P|provider|YYYY-MM-DD, B|id, F|check|provider|YYYY-MM-DD
  --reason                            ${REVIEW_REASONS.join(', ')}
Several items given at once change together or not at all.`;

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, {
      provider: { type: 'string' },
      'period-start': { type: 'string' },
      id: { type: 'string', multiple: true },
      key: { type: 'string', multiple: true },
      state: { type: 'string' },
      reason: { type: 'string' },
      note: { type: 'string' },
      author: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('say which connection: concilia review NAME ….');
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
    const input = parseInput(
      ReviewSetInput,
      { connection: positionals[0], itemKeys: keys, state: values.state, reason: values.reason, note: values.note, author: values.author },
      FLAGS,
    );
    const reviews = setReview({ db: ctx.db(), reviews: ctx.reviews() }, { ...input, reason: input.reason ?? null, note: input.note ?? null });
    if (values.json) {
      ctx.io.stdout.write(`${JSON.stringify(reviews, null, 2)}\n`);
    } else {
      const what = `${input.state}${input.reason ? ` (${input.reason})` : ''}`;
      ctx.io.stdout.write(`Marked ${reviews.length} item(s) of ${input.connection} ${what} by ${input.author}:\n${reviews.map((r) => `  ${r.itemKey}`).join('\n')}\n`);
    }
    return Promise.resolve(0);
  },
};
