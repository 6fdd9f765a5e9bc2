// Follows electron-updater's events: keeps the state, asks once per version (to restart, or,
// where updates are installed by hand, to open the release page), and warns once when an update
// fails its safety check.
import type { UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import type { InstallMode } from '../update-feed.ts';
import { askToInstallByHand, askToRestart } from './install.ts';
import { messages } from './messages.ts';
import type { Prompts } from './prompts.ts';
import { isSafetyFailure } from './safety.ts';
import type { AutoUpdateOptions, UpdateLog, UpdaterLike, UpdateState } from './types.ts';

export interface UpdateSession {
  state(): UpdateState;
  /** The update waiting to be installed, if any. */
  downloaded(): UpdateInfo | null;
  askToRestart(info: UpdateInfo): Promise<void>;
  askToInstallByHand(version: string): Promise<void>;
  dispose(): void;
}

export interface SessionDeps extends Pick<AutoUpdateOptions, 'canRestart' | 'onStateChange' | 'openReleasePage'> {
  readonly updater: UpdaterLike;
  readonly mode: InstallMode;
  readonly log: UpdateLog;
  readonly prompts: Prompts;
  /** A manual check answers for itself; events then do not ask again. */
  readonly manualCheckRunning: () => boolean;
}

export function followUpdater(deps: SessionDeps): UpdateSession {
  const { updater, log, prompts, mode } = deps;
  let current: UpdateState = { kind: 'idle' };
  let downloaded: UpdateInfo | null = null;
  let promptedFor: string | null = null;
  let safetyWarningShown = false;

  const setState = (next: UpdateState): void => {
    current = next;
    deps.onStateChange?.(next);
  };
  const restart = async (info: UpdateInfo): Promise<void> => {
    if (mode !== 'automatic') return;
    promptedFor = info.version;
    await askToRestart(info, updater, prompts, deps.canRestart);
  };
  const byHand = (version: string): Promise<void> => {
    promptedFor = version;
    return askToInstallByHand(version, prompts, deps.openReleasePage);
  };
  const warnSafety = async (error: Error): Promise<void> => {
    if (safetyWarningShown) return;
    safetyWarningShown = true;
    log.error(`Update rejected by a safety check: ${error.message}`);
    await prompts.show(messages.safetyCheckFailed());
  };

  const onChecking = (): void => setState({ kind: 'checking' });
  const onAvailable = (info: UpdateInfo): void => {
    if (mode !== 'automatic') {
      log.info(`Update ${info.version} found; this system installs updates by hand.`);
      setState({ kind: 'available', version: info.version });
      if (promptedFor !== info.version && !deps.manualCheckRunning()) prompts.report(byHand(info.version));
      return;
    }
    log.info(`Update ${info.version} found; downloading in the background.`);
    setState({ kind: 'downloading', version: info.version });
  };
  const onNotAvailable = (): void => setState({ kind: 'idle' });
  const onDownloaded = (event: UpdateDownloadedEvent): void => {
    if (mode !== 'automatic') return; // never installed here, whatever arrived
    downloaded = event;
    setState({ kind: 'ready', version: event.version });
    if (promptedFor !== event.version) prompts.report(restart(event));
  };
  const onError = (error: Error): void => {
    // Libraries emit what they caught; not always an Error.
    const message = error instanceof Error ? error.message : String(error);
    log.warn(`Update check or download failed: ${message}`);
    setState({ kind: 'failed', message });
    if (isSafetyFailure(error)) prompts.report(warnSafety(error instanceof Error ? error : new Error(message)));
  };
  updater.on('checking-for-update', onChecking);
  updater.on('update-available', onAvailable);
  updater.on('update-not-available', onNotAvailable);
  updater.on('update-downloaded', onDownloaded);
  // Also required: an EventEmitter without an 'error' listener throws.
  updater.on('error', onError);

  return {
    state: () => current,
    downloaded: () => downloaded,
    askToRestart: restart,
    askToInstallByHand: byHand,
    dispose: () => {
      updater.removeListener('checking-for-update', onChecking);
      updater.removeListener('update-available', onAvailable);
      updater.removeListener('update-not-available', onNotAvailable);
      updater.removeListener('update-downloaded', onDownloaded);
      updater.removeListener('error', onError);
    },
  };
}
