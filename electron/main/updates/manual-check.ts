// Help > Check for Updates…: always answers, whatever the outcome, and never runs twice at once.
import type { UpdateCheckResult } from 'electron-updater';
import type { InstallMode } from '../update-feed.ts';
import { messages } from './messages.ts';
import type { Prompts } from './prompts.ts';
import { isSafetyFailure } from './safety.ts';
import { startCheck } from './schedule.ts';
import type { UpdateSession } from './session.ts';
import type { UpdaterLike } from './types.ts';

export interface ManualCheckDeps {
  readonly updater: UpdaterLike;
  readonly session: UpdateSession;
  readonly prompts: Prompts;
  readonly currentVersion: () => string;
  readonly mode: InstallMode;
}

export interface ManualCheck {
  run(): Promise<void>;
  running(): boolean;
}

async function checkAndAnswer(deps: ManualCheckDeps): Promise<void> {
  const { session, prompts } = deps;
  const waiting = session.downloaded();
  if (waiting !== null) return session.askToRestart(waiting);
  const state = session.state();
  if (state.kind === 'downloading') {
    await prompts.show(messages.downloading(state.version));
    return;
  }
  let result: UpdateCheckResult | null;
  try {
    result = await startCheck(deps.updater);
  } catch (error) {
    if (isSafetyFailure(error)) return; // the session has already warned the user
    await prompts.show(messages.checkFailed(error));
    return;
  }
  if (result === null) await prompts.show(messages.noUpdateSettings());
  else if (result.isUpdateAvailable && deps.mode !== 'automatic') await session.askToInstallByHand(result.updateInfo.version);
  else if (result.isUpdateAvailable) await prompts.show(messages.available(result.updateInfo));
  else await prompts.show(messages.upToDate(deps.currentVersion()));
}

export function manualCheck(deps: ManualCheckDeps): ManualCheck {
  let inFlight: Promise<void> | null = null;
  return {
    run: () => {
      inFlight ??= checkAndAnswer(deps).finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    running: () => inFlight !== null,
  };
}
