import { importReview, type ImportReport, type ReviewChange } from '../../core/export/index.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError, type Command } from '../context.ts';

const USAGE = `
concilia import-review NAME FILE.xlsx [--dry-run]

Read the Review state, Reason and Note columns a reviewer filled in a workbook written by
concilia export (the Discrepancies sheet, or Exceptions for PAYG, and the findings and set-aside
records on the Checks sheet), show what would change, and record the changes in the cache and
its audit log, signed by you (the account of this computer running concilia).

Lines are matched by Key. A line is reported and NOT applied when its key is unknown or
malformed, its figures differ from the cache today (export again), its state or reason is not
one Concilia knows, it is explained, resolved or carried forward without a reason and a note, or
two lines of one key disagree.

Options:
  --dry-run       show the changes and problems; change nothing

States: open, explained, resolved, carried_forward. Reasons: timing, pricing, rejected_work,
duplicate, upstream_error, other. Exit code 1 when any line was reported as a problem.
`;

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, {
      'dry-run': { type: 'boolean' },
    });
    if (positionals.length !== 2) throw new UsageError('give a connection NAME and the workbook FILE.xlsx.');
    const [connection = '', file = ''] = positionals;
    const report = await importReview({ db: ctx.db(), reviews: ctx.reviews(), clock: ctx.clock }, { connection, file, dryRun: values['dry-run'] === true });
    ctx.io.stdout.write(renderReport(report));
    return report.problems.length > 0 ? 1 : 0;
  },
};

function describe(values: ReviewChange['after'] | null): string {
  if (values === null) return '(not reviewed)';
  return `${values.state}${values.reason ? ` (${values.reason})` : ''}${values.note ? `: "${values.note.length > 60 ? `${values.note.slice(0, 60)}…` : values.note}"` : ''}`;
}

export function renderReport(report: ImportReport): string {
  const lines: string[] = [];
  lines.push(`${report.file}, ${report.sheet.includes(',') ? 'sheets' : 'sheet'} ${report.sheet}: ${report.rowsRead} lines with a key.`);
  if (report.changes.length > 0) {
    lines.push(report.dryRun ? 'Would change:' : 'Changed:');
    for (const c of report.changes) lines.push(`  row ${c.row}  ${c.key}  ${describe(c.before)} -> ${describe(c.after)}`);
  }
  if (report.problems.length > 0) {
    lines.push('Not applied:');
    for (const p of report.problems) lines.push(`  ${p.message}`);
  }
  const summary = report.dryRun
    ? `Dry run: ${report.changes.length} change(s) would be recorded; nothing was changed.`
    : `${report.applied} change(s) recorded in the audit log.`;
  lines.push(`${summary} ${report.unchanged} line(s) already up to date; ${report.problems.length} problem(s).`);
  return `${lines.join('\n')}\n`;
}
