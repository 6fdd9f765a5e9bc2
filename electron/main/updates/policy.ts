// The security policy of updates, apart from the mechanics: the feed comes from the built-in
// configuration or an administrator's policy only (never from the environment or a user file),
// and Linux packages, which carry no verified signature, are never installed automatically.
// The rules themselves live in ../update-feed.ts.
import { ignoredUserOverrides, installModeFor, readAdminPolicy, resolveUpdateFeed } from '../update-feed.ts';
import type { FeedDecision, InstallMode } from '../update-feed.ts';
import type { AutoUpdateOptions, UpdateLog } from './types.ts';

export function updatePolicy(options: AutoUpdateOptions, log: UpdateLog): { decision: FeedDecision; mode: InstallMode } {
  const mode = installModeFor(options.platform ?? process.platform);
  if (!options.app.isPackaged) return { decision: { kind: 'built-in' }, mode };
  const admin = (options.readAdminPolicy ?? (() => readAdminPolicy(options.platform)))();
  if (admin.kind === 'refused') log.warn(`Ignored the update policy in ${admin.where}: ${admin.problem}.`);
  for (const ignored of ignoredUserOverrides(options.env ?? process.env, options.app.getPath('userData'))) {
    log.warn(`Ignored ${ignored}: only an administrator's policy can change where updates come from.`);
  }
  return { decision: resolveUpdateFeed(admin), mode };
}

/** Why updates cannot run here, in words for the user; null when they can. */
export function unavailableReason(decision: FeedDecision, isPackaged: boolean): string | null {
  if (!isPackaged) return 'Updates are only available in the installed app, not in a development build.';
  if (decision.kind === 'disabled') return `Automatic updates are turned off: ${decision.reason}. Your IT administrator manages updates for this computer.`;
  if (decision.kind === 'invalid') return `Automatic updates are paused because ${decision.problem}. Ask your IT administrator to correct it.`;
  return null;
}
