/**
 * What a refused input says, the same in the window and on the command line: each problem as
 * "where: what" ("to: must be a date as YYYY-MM-DD"). The window names a field by its path; the
 * command line by its flag (--to).
 */
import type { z } from 'zod';

/** Where an issue is, as the caller names it; by default the dotted path. */
export type IssueLabel = (path: readonly PropertyKey[]) => string;

const byPath: IssueLabel = (path) => path.map(String).join('.');

/** "where: what" for one issue, without a trailing full stop. */
export function describeIssue(issue: z.core.$ZodIssue, label: IssueLabel = byPath): string {
  const where = label(issue.path);
  const what = issue.message.replace(/\.+$/, '');
  return where ? `${where}: ${what}` : what;
}
