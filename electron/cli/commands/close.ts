import { closeOverview, recentMonths, type CloseCell, type CloseOverview } from '../../core/close/index.ts';
import { isoInstant } from '../../core/deps.ts';
import { CloseOverviewInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError, type Command } from '../context.ts';
import { parseInput } from '../input.ts';

const USAGE = `Usage: concilia close status [--from YYYY-MM] [--to YYYY-MM] [--json]

The month-end close across connections: for each connection and month, whether it is not synced,
incomplete, has items open (how many), is prepared, reviewed, or was voided by a restatement.
In team mode, who prepares it and by when (overdue marked with !). Default: the last six months.`;

export function cellText(cell: CloseCell): string {
  const state =
    cell.state === 'open'
      ? cell.openItems === 0
        ? 'ready to sign'
        : `${cell.openItems} open`
      : cell.state === 'not_synced'
        ? 'not synced'
        : cell.state;
  const who = cell.assignee === null ? '' : ` · ${cell.assignee}${cell.dueDate ? `, due ${cell.dueDate}` : ''}${cell.overdue ? ' !' : ''}`;
  return `${state}${who}`;
}

function render(view: CloseOverview): string {
  if (view.connections.length === 0) return 'No connections yet. Add one with concilia source add.';
  const header = ['Connection', ...view.months];
  const rows = view.connections.map((c) => [c.name, ...view.months.map((m) => cellText(view.cells.find((x) => x.connection === c.name && x.month === m) as CloseCell))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((text, i) => text.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub !== 'status') throw new UsageError(sub === undefined ? 'say status.' : `unknown close action "${sub}": use status.`);
    const { values, positionals } = parseCommandArgs(rest, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError('close status takes no NAME: it shows every connection.');
    const input = parseInput(CloseOverviewInput, { from: values.from, to: values.to }, { from: '--from', to: '--to' });
    const now = ctx.clock();
    const recent = recentMonths(now);
    const from = input.from ?? (input.to !== undefined && input.to < recent.from ? input.to : recent.from);
    const to = input.to ?? (input.from !== undefined && input.from > recent.to ? input.from : recent.to);
    const view = closeOverview({ db: ctx.db(), reviews: ctx.reviews(), team: ctx.team() !== null }, { from, to, today: isoInstant(now).slice(0, 10), now });
    ctx.io.stdout.write(`${values.json ? JSON.stringify(view, null, 2) : render(view)}\n`);
    return Promise.resolve(0);
  },
};
