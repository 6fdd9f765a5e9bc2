import { verifyWorkbookFile, type SignatureCheck, type WorkbookVerification } from '../../core/export/index.ts';
import type { Language } from '../../core/language/language.ts';
import { workbookLanguage } from '../../core/language/workbook.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError, type Command } from '../context.ts';

const USAGE = `
concilia verify FILE.xlsx [--json]

Say whether a workbook Concilia exported is the one that was signed off, from the workbook
alone (no cache needed): the signed statement is rebuilt from the workbook's own figures and the
reviews it attests, its hash compared with what each sign-off signed, and each signature checked
against the public keys written on the About sheet. Filling the Review columns does not change
what was signed; editing a figure does.

Exit 0: verified. Exit 1: not verified (a figure or anything signed was changed, the sign-offs
were voided, or nothing was signed). --json prints the result as data.
`;

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('give one workbook: concilia verify FILE.xlsx');
    const result = await verifyWorkbookFile(positionals[0] ?? '');
    ctx.io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : describeVerificationOf(result, ctx.language));
    return result.ok ? 0 : 1;
  },
};

/** The verdict, then one line per sign-off, in the reader's language. */
export function describeVerificationOf(result: WorkbookVerification, language: Language): string {
  const { says, words } = workbookLanguage(language);
  const what = `${result.connection}, ${words.range(result.from, result.to, words.period[result.period])}`;
  const live = result.signatures.filter((s) => s.status === 'live').length;
  const verdict =
    result.verdict === 'verified'
      ? says.verify.verified(what, live)
      : result.verdict === 'altered'
        ? says.verify.altered(what)
        : result.verdict === 'voided'
          ? says.verify.voided(what)
          : says.verify.notSigned(what);
  const lines = result.signatures.map((s) => `  ${says.verify.signature(words.role[s.role], `${s.displayName} (${s.account})`, s.signedAt, s.fingerprint)}: ${problemOf(s, language)}`);
  return `${[verdict, ...lines].join('\n')}\n`;
}

function problemOf(s: SignatureCheck, language: Language): string {
  const v = workbookLanguage(language).says.verify;
  if (!s.keyInWorkbook) return v.unknownKey;
  if (!s.signatureValid) return v.badSignature;
  if (!s.rangeMatches) return v.otherRange;
  if (s.status === 'voided') return v.voidedNote;
  return s.statementMatches ? v.holds : v.statementDiffers;
}
