import { reconcile, reconciliationJson, renderReconciliationText } from '../../core/reconcile/index.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../context.ts';
import { terminalSafeLines } from '../terminal-text.ts';
import { RECONCILE_OPTIONS, readReconcileArgs, requireSyncedData } from '../reconcile-args.ts';

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

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, { ...RECONCILE_OPTIONS, json: { type: 'boolean' } });
    const params = readReconcileArgs(values, positionals, 'reconcile', ctx.clock());
    const db = ctx.db();
    requireSyncedData(db, params);
    const result = reconcile({ db, reviews: ctx.reviews() }, params);
    ctx.io.stdout.write(values.json ? `${JSON.stringify(reconciliationJson(result, ctx.language), null, 2)}\n` : terminalSafeLines(renderReconciliationText(result)));
    return Promise.resolve(0);
  },
};
