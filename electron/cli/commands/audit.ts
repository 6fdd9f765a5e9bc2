import type { AuditEntry, AuditQuery } from '../../core/review/index.ts';
import { renderTable } from '../../core/reconcile/render-text.ts';
import { AuditLogInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError, type Command } from '../context.ts';
import { parseInput } from '../input.ts';

const USAGE = `Usage: concilia audit verify
       concilia audit log [NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]

verify  checks the whole hash chain of the audit log; exit 1 naming the first altered entry.
log     every review change, sign-off and void, oldest first.`;

function summary(e: AuditEntry): string {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  if (e.action === 'review.set') return `${text(p.state)}${p.reason ? ` (${text(p.reason)})` : ''}${p.note ? `: ${text(p.note)}` : ''}`;
  if (e.action === 'signoff.sign') return `${text(p.role)} ${text(p.from)} to ${text(p.to)} (${text(p.period)})`;
  if (e.action === 'signoff.void') return text(p.reason);
  return JSON.stringify(e.payload);
}

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub === 'verify') {
      parseCommandArgs(rest, {}, false);
      const v = ctx.reviews().verifyAuditLog();
      if (!v.ok) throw new CliError(v.message);
      ctx.io.stdout.write(`${v.message}\n`);
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
    if (values.json) {
      ctx.io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    } else if (entries.length === 0) {
      ctx.io.stdout.write('The audit log has no entries for this selection.\n');
    } else {
      ctx.io.stdout.write(
        `${renderTable(
          [{ title: '#', right: true }, { title: 'At' }, { title: 'Who' }, { title: 'Action' }, { title: 'Connection' }, { title: 'Item' }, { title: 'What' }],
          entries.map((e) => [String(e.seq), e.at, e.actor, e.action, e.connection ?? '', e.subject ?? '', summary(e)]),
        )}\n`,
      );
    }
    return Promise.resolve(0);
  },
};
