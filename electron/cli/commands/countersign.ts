import { existsSync, writeFileSync } from 'node:fs';
import { countersignWorkbook, readWorkbookForReview } from '../../core/export/index.ts';
import { COUNTERSIGN_WORDS } from '../../core/language/countersign.ts';
import { describeRange, formatCount, formatInstant, WORDS } from '../../core/language/index.ts';
import { countersignaturePath, countersignatureText } from '../../core/signoff/index.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError, type Command } from '../context.ts';
import { terminalSafe } from '../terminal-text.ts';
import { describeVerificationOf } from './verify.ts';

const USAGE = `Usage: concilia countersign FILE.xlsx [--out FILE.countersigned.json] [--replace] [--json]

Countersign, as reviewer, a workbook the preparer signed off and exported, on your own computer:
no cache of the connection and no upstream credentials are needed. Concilia verifies the workbook
first (the figures hash recomputed from its rows, the preparer's signature checked against the
key on its About sheet, nothing edited but the Review columns), shows what the preparer signed
and the notes you filled in the Review columns, and refuses when you are the preparer.

It writes a small signed file beside the workbook ("<name>.countersigned.json", or --out): the
statement hash the preparer signed, your account, display name and public key, the time, and your
Ed25519 signature. Send it back to the preparer, who imports it with "concilia import-signoff";
your Review-column notes travel in the workbook ("concilia import-review").`;

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, { out: { type: 'string' }, replace: { type: 'boolean' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('give the workbook the preparer sent: concilia countersign FILE.xlsx');
    const path = positionals[0] ?? '';
    const out = values.out ?? countersignaturePath(path);
    if (existsSync(out) && values.replace !== true) throw new CliError(`${out} already exists; give another --out, or --replace to write over it.`);
    const review = await readWorkbookForReview(path);
    const w = COUNTERSIGN_WORDS[ctx.language];
    if (!review.verification.ok) ctx.io.stdout.write(describeVerificationOf(review.verification, ctx.language));
    const countersignature = countersignWorkbook(review, ctx.identity(), ctx.clock, ctx.language);
    writeFileSync(out, countersignatureText(countersignature), { flag: values.replace === true ? 'w' : 'wx', mode: 0o600 });
    if (values.json) {
      ctx.io.stdout.write(`${JSON.stringify({ file: out, countersignature, notes: review.notes }, null, 2)}\n`);
      return 0;
    }
    const p = countersignature.preparer;
    const what = `${countersignature.connection}, ${describeRange(countersignature.from, countersignature.to, countersignature.period, ctx.language)}`;
    const lines = [
      w.cli.verified(path),
      `${what}: ${w.cli.preparerSigned(p.displayName, p.accountId, formatInstant(p.signedAt, ctx.language), p.fingerprint)}`,
      `${WORDS[ctx.language].cli.statementHash(countersignature.statementHash)}`,
      w.cli.notes(formatCount(review.notes.length, ctx.language)),
      ...review.notes.slice(0, 20).map((n) => `  ${terminalSafe(n.sheet)} ${n.row}: ${WORDS[ctx.language].state[n.state as 'open'] ?? n.state}${n.reason ? ` (${WORDS[ctx.language].reason[n.reason as 'other'] ?? n.reason})` : ''}${n.note ? `: "${terminalSafe(n.note, 120)}"` : ''}`),
      w.cli.written(out, countersignature.reviewer.displayName),
      w.cli.sendBack(p.displayName),
    ];
    ctx.io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
