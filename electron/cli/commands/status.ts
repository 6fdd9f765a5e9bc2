// Straight from the modules, not the barrels: status must not load the sync engine (start-up).
// Nor the contract's schemas: NAME is checked by the rule the ConnectionName schema is made of,
// so a closing script calling status dozens of times does not load zod each time.
import { checkConnectionName } from '../../core/connections/name.ts';
import { getCoverage, getStatus, type ConnectionStatus } from '../../core/sync/status.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError, type Command } from '../context.ts';
import { terminalSafe } from '../terminal-text.ts';

const USAGE = `Usage: concilia status [NAME] [--json] [--windows]

For each connection (or the one named): which dates are in the cache and which are missing, the
window counts by outcome, the last sync, and how many records were set aside (unreadable),
restated (changed upstream after they were first cached) or removed (PAYG: confirmed gone
upstream). --windows lists every window, with why an incomplete one is incomplete.`;

function render(s: ConnectionStatus): string {
  const lines: string[] = [];
  const c = s.connection;
  lines.push(`${terminalSafe(c.name)} (${c.kind}${c.kind === 'portal' ? `, tenant ${c.tenant ?? ''}, ${c.currency ?? ''}` : ''})`);
  lines.push(`  covered:      ${s.covered.length === 0 ? 'nothing yet' : s.covered.map((r) => `${r.from} to ${r.to}`).join(', ')}`);
  if (s.gaps.length > 0) lines.push(`  missing:      ${s.gaps.map((r) => `${r.from} to ${r.to}`).join(', ')}`);
  lines.push(`  windows:      ${s.windows.ok} ok, ${s.windows.incomplete} incomplete, ${s.windows.failed} failed`);
  const last = s.lastSync;
  lines.push(`  last sync:    ${last ? `${last.startedAt} — ${last.outcome}${last.message ? `: ${terminalSafe(last.message)}` : ''}` : 'never'}`);
  lines.push(`  records:      ${s.records}`);
  lines.push(`  set aside:    ${s.quarantined}`);
  lines.push(`  restatements: ${s.restatements}`);
  if (c.kind === 'payg') lines.push(`  removed:      ${s.removals} (confirmed gone upstream; kept in history, out of the figures)`);
  return lines.join('\n');
}

/** The NAME argument as sync:status's input schema reads it (trimmed), or the schema's words for what is wrong. */
function connectionName(text: string): string {
  const checked = checkConnectionName(text);
  if (!checked.ok) throw new UsageError(`NAME: ${checked.problem}.`);
  return checked.name;
}

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, { json: { type: 'boolean' }, windows: { type: 'boolean' } });
    if (positionals.length > 1) throw new UsageError('status takes at most one NAME.');
    const name = positionals[0] === undefined ? undefined : connectionName(positionals[0]);
    const statuses = getStatus(ctx.db(), name);
    if (values.json) {
      const out = statuses.map((s) => (values.windows ? { ...s, coverage: getCoverage(ctx.db(), s.connection.name) } : s));
      ctx.io.stdout.write(`${JSON.stringify(name === undefined ? out : out[0], null, 2)}\n`);
      return Promise.resolve(0);
    }
    if (statuses.length === 0) {
      ctx.io.stdout.write('No connections yet. Add one with concilia source add.\n');
      return Promise.resolve(0);
    }
    const blocks = statuses.map((s) => {
      let text = render(s);
      if (values.windows) {
        const windows = getCoverage(ctx.db(), s.connection.name);
        text += `\n${windows
          .map((w) => `    ${w.windowStart} to ${w.windowEnd}${w.providerFilter ? ' (some providers)' : ''}  ${w.status.padEnd(10)} ${w.syncedAt ?? 'never stored'}${w.error ? `  ${terminalSafe(w.error)}` : ''}`)
          .join('\n')}`;
      }
      return text;
    });
    ctx.io.stdout.write(`${blocks.join('\n\n')}\n`);
    return Promise.resolve(0);
  },
};
