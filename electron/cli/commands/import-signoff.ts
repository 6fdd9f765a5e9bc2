import { COUNTERSIGN_WORDS } from '../../core/language/countersign.ts';
import { describeProblem, describeRange } from '../../core/language/index.ts';
import { importSignoff, readCountersignatureFile } from '../../core/signoff/index.ts';
import { ReviewError } from '../../core/review/errors.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError, type Command } from '../context.ts';

const USAGE = `Usage: concilia import-signoff FILE.countersigned.json [--trust-key FINGERPRINT] [--json]

Bring in a reviewer's countersignature, made on their own computer with "concilia countersign"
from the workbook you exported after signing as preparer. Concilia checks, against this cache:
the reviewer's Ed25519 signature, that it countersigns the very statement you signed for that
connection and range (figures, reviews, tolerance), that the figures have not changed since (a
restatement voids your sign-off), and that the reviewer is another account. A matching
countersignature becomes the live reviewer sign-off, in the audit log as the reviewer signed it.

The first time a reviewer's key reaches this cache, Concilia refuses it until you confirm its
fingerprint with the reviewer (by phone or in person: they read it from "concilia identity") and
import again with --trust-key FINGERPRINT.

Reviewer notes filled in the workbook's Review columns come in with "concilia import-review".`;

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, { 'trust-key': { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('give the countersignature FILE: concilia import-signoff FILE.countersigned.json');
    const path = positionals[0] ?? '';
    const read = await readCountersignatureFile(path);
    let signoff;
    try {
      signoff = importSignoff({ db: ctx.db(), reviews: ctx.reviews(), clock: ctx.clock }, read.text, { ...read, trustKey: values['trust-key'] ?? null });
    } catch (error) {
      // Say the exact command that trusts the key, once the fingerprint is confirmed.
      if (error instanceof ReviewError && error.problem?.code === 'countersign_unknown_key') {
        throw new CliError(`${describeProblem(error.problem, ctx.language)} ${COUNTERSIGN_WORDS[ctx.language].cli.trustWith(`concilia import-signoff ${path} --trust-key ${error.problem.fingerprint}`)}`);
      }
      throw error;
    }
    if (values.json) {
      ctx.io.stdout.write(`${JSON.stringify(signoff, null, 2)}\n`);
      return 0;
    }
    const what = `${signoff.connection}, ${describeRange(signoff.from, signoff.to, signoff.period, ctx.language)}`;
    ctx.io.stdout.write(`${COUNTERSIGN_WORDS[ctx.language].cli.imported(signoff.author, what)}\n`);
    return 0;
  },
};
