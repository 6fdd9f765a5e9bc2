import { defaultKeyPath } from '../../core/identity/index.ts';
import { describeOwnAccount, WORDS } from '../../core/language/index.ts';
import { IdentityRenameInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError, type CliContext, type Command } from '../context.ts';
import { parseInput } from '../input.ts';

const USAGE = `Usage: concilia identity [--json]
       concilia identity set-name "DISPLAY NAME"
       concilia identity accounts [--json]

Who you are to Concilia: the account of this computer running concilia, with the Ed25519 key
that signs everything you change (made on first use, readable by you only, in your config folder).
Nothing you type changes who you are; only the name shown for your account, and that change is
itself recorded in the audit log.
accounts  every account the cache knows: those with keys, and the names typed before identities
          existed (shown as unverified).`;

function show(ctx: CliContext, json: boolean): number {
  const reviews = ctx.reviews();
  const me = reviews.identity;
  const account = reviews.account(me.accountId);
  const name = account?.displayName ?? me.displayName;
  if (json) {
    ctx.io.stdout.write(`${JSON.stringify({ accountId: me.accountId, displayName: name, fingerprint: me.fingerprint, publicKey: me.publicKey }, null, 2)}\n`);
    return 0;
  }
  const w = WORDS[ctx.language];
  ctx.io.stdout.write(`${w.cli.you(name, describeOwnAccount(me.accountId, ctx.language), me.accountId)}\n${w.cli.keyAt(defaultKeyPath(ctx.env))}\n`);
  return 0;
}

export const command: Command = {
  usage: USAGE,
  run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub === undefined || sub.startsWith('-')) {
      const { values } = parseCommandArgs(ctx.args, { json: { type: 'boolean' } }, false);
      return Promise.resolve(show(ctx, values.json === true));
    }
    if (sub === 'set-name') {
      const { positionals } = parseCommandArgs(rest, {});
      if (positionals.length !== 1) throw new UsageError('identity set-name takes one DISPLAY NAME (quote it when it has spaces).');
      const { displayName } = parseInput(IdentityRenameInput, { displayName: positionals[0] }, { displayName: 'DISPLAY NAME' });
      const reviews = ctx.reviews();
      const before = reviews.account(reviews.identity.accountId)?.displayName ?? reviews.identity.displayName;
      const account = reviews.setDisplayName(displayName);
      ctx.io.stdout.write(`${WORDS[ctx.language].cli.renamed(before, account.displayName)}\n`);
      return Promise.resolve(0);
    }
    if (sub === 'accounts') {
      const { values } = parseCommandArgs(rest, { json: { type: 'boolean' } }, false);
      const accounts = ctx.reviews().accounts();
      if (values.json) {
        ctx.io.stdout.write(`${JSON.stringify(accounts, null, 2)}\n`);
      } else {
        const unverified = WORDS[ctx.language].unverified;
        for (const a of accounts) ctx.io.stdout.write(`${a.displayName}${a.verified ? ` (${a.id})` : ` — ${unverified}`}\n`);
      }
      return Promise.resolve(0);
    }
    throw new UsageError(`unknown identity action "${sub}": use set-name or accounts, or nothing to see who you are.`);
  },
};
