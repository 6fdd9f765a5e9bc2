// Automatic updates for the installed app (electron-updater). The policy, in one place:
// - check a little after start, every few hours while open, and from Help > Check for Updates…;
// - download in the background, then ask before restarting (or install when the user quits);
// - never downgrade, never pre-releases, no web installers;
// - signature checks stay on: Windows verifies the installer's Authenticode publisher against
//   app-update.yml even when the feed is overridden, macOS (Squirrel.Mac) requires the same
//   Developer ID as the running app, and every download must match the feed's sha512;
// - the feed can be redirected, or updates turned off, by an administrator's policy only
//   (update-feed.ts); on Linux, where no signature is verified, updates are announced and the
//   release page opened, never installed automatically (updates/policy.ts).
// The pieces, one job each, are in ./updates/; this file wires them. Electron objects come in as
// parameters so electron/main/index.ts decides when to wire it.
import electronUpdater from 'electron-updater';
import { libraryLogger } from './library-log.ts';
import { describeSource, redactUrls } from './update-feed.ts';
import type { FeedDecision, InstallMode } from './update-feed.ts';
import { unavailableReason, updatePolicy } from './updates/policy.ts';
import { manualCheck } from './updates/manual-check.ts';
import { menuItemFor, messages } from './updates/messages.ts';
import { createPrompts } from './updates/prompts.ts';
import type { Prompts } from './updates/prompts.ts';
import { scheduleChecks } from './updates/schedule.ts';
import { followUpdater } from './updates/session.ts';
import type { AutoUpdateOptions, AutoUpdates, UpdateLog, UpdaterLike } from './updates/types.ts';

export { releaseNotesText } from './updates/messages.ts';
export { updatePolicy } from './updates/policy.ts';
export type { AutoUpdateOptions, AutoUpdates, UpdateLog, UpdaterLike, UpdateState } from './updates/types.ts';

function consoleLog(): UpdateLog {
  return {
    info: (message) => console.info(`[updates] ${message}`),
    warn: (message) => console.warn(`[updates] ${message}`),
    error: (message) => console.error(`[updates] ${message}`),
  };
}

/** electron-updater's settings, whatever its defaults: nothing here weakens a check. */
function configureUpdater(updater: UpdaterLike, decision: FeedDecision, mode: InstallMode, log: UpdateLog): void {
  // Where nothing verifies a signature (Linux), nothing is downloaded to be installed.
  updater.autoDownload = mode === 'automatic';
  updater.autoInstallOnAppQuit = mode === 'automatic';
  updater.allowPrerelease = false;
  updater.fullChangelog = false;
  updater.disableWebInstaller = true;
  // Set last: electron-updater turns this on as a side effect of choosing a channel.
  updater.allowDowngrade = false;
  if (decision.kind === 'override') {
    log.info(`Update feed from ${describeSource(decision.source)}: ${decision.url}`);
    updater.setFeedURL({ provider: 'generic', url: decision.url });
  }
}

/** Updates cannot run here: the menu item and checkNow explain why, and nothing else happens. */
function explainOnly(reason: string, turnedOff: boolean, prompts: Prompts): AutoUpdates {
  const explain = async (): Promise<void> => {
    await prompts.show(messages.unavailable(reason));
  };
  const state = { kind: 'unavailable', reason } as const;
  return {
    checkNow: explain,
    menuItem: () => menuItemFor(() => prompts.report(explain()), turnedOff),
    state: () => state,
    dispose: () => undefined,
  };
}

export function setupAutoUpdates(options: AutoUpdateOptions): AutoUpdates {
  // One logger for our lines and electron-updater's: it takes anything and redacts addresses.
  const libraryLog = libraryLogger(options.log ?? consoleLog(), redactUrls);
  const log: UpdateLog = libraryLog;
  const prompts = createPrompts(options, log);
  const { decision, mode } = updatePolicy(options, log);
  const blocked = unavailableReason(decision, options.app.isPackaged);
  if (blocked !== null) {
    log.info(blocked);
    return explainOnly(blocked, decision.kind === 'disabled', prompts);
  }

  const updater: UpdaterLike = options.updater ?? electronUpdater.autoUpdater;
  updater.logger = libraryLog;
  configureUpdater(updater, decision, mode, log);
  let manualCheckRunning = (): boolean => false;
  const session = followUpdater({
    updater,
    mode,
    log,
    prompts,
    canRestart: options.canRestart,
    onStateChange: options.onStateChange,
    openReleasePage: options.openReleasePage,
    manualCheckRunning: () => manualCheckRunning(),
  });
  const manual = manualCheck({ updater, session, prompts, mode, currentVersion: () => options.app.getVersion() });
  manualCheckRunning = () => manual.running();
  const stopSchedule = scheduleChecks({
    updater,
    busy: () => ['downloading', 'ready'].includes(session.state().kind) || manual.running(),
    firstCheckDelayMs: options.firstCheckDelayMs,
    checkIntervalMs: options.checkIntervalMs,
  });

  return {
    checkNow: () => manual.run(),
    menuItem: () => menuItemFor(() => prompts.report(manual.run())),
    state: () => session.state(),
    dispose: () => {
      stopSchedule();
      session.dispose();
    },
  };
}
