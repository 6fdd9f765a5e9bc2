// Automatic updates for the installed app (electron-updater). The policy, in one place:
// - check a little after start, every few hours while open, and from Help > Check for Updates…;
// - download in the background, then ask before restarting (or install when the user quits);
// - never downgrade, never pre-releases, no web installers;
// - signature checks stay on: Windows verifies the installer's Authenticode publisher against
//   app-update.yml even when the feed is overridden, macOS (Squirrel.Mac) requires the same
//   Developer ID as the running app, and every download must match the feed's sha512;
// - the feed can be redirected, or updates turned off, by an administrator's policy only
//   (update-feed.ts); on Linux, where no signature is verified, updates are announced and the
//   release page opened, never installed automatically (updatePolicy below).
// Electron objects come in as parameters so electron/main/index.ts decides when to wire it.
import type { BrowserWindow, Dialog, MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import electronUpdater from 'electron-updater';
import type { UpdateCheckResult, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import { describeSource, ignoredUserOverrides, installModeFor, readAdminPolicy, redactUrls, resolveUpdateFeed } from './update-feed.ts';
import type { AdminPolicyReading, FeedDecision, InstallMode } from './update-feed.ts';

/** The parts of electron-updater's AppUpdater this module uses (a fake in unit tests). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  disableWebInstaller: boolean;
  fullChangelog: boolean;
  logger: UpdateLog | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<UpdateCheckResult | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available' | 'update-not-available', listener: (info: UpdateInfo) => void): unknown;
  on(event: 'update-downloaded', listener: (event: UpdateDownloadedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'checking-for-update', listener: () => void): unknown;
  removeListener(event: 'update-available' | 'update-not-available', listener: (info: UpdateInfo) => void): unknown;
  removeListener(event: 'update-downloaded', listener: (event: UpdateDownloadedEvent) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type UpdateState =
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  /** Found, not downloaded: this platform installs by hand (Linux). */
  | { readonly kind: 'available'; readonly version: string }
  | { readonly kind: 'downloading'; readonly version: string }
  | { readonly kind: 'ready'; readonly version: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface AutoUpdateOptions {
  readonly app: { readonly isPackaged: boolean; getVersion(): string; getPath(name: 'userData'): string };
  readonly dialog: Pick<Dialog, 'showMessageBox'>;
  /** The window dialogs attach to (null: free-standing dialogs). */
  readonly getWindow?: () => BrowserWindow | null;
  /** The administrator's update policy (default: read from the OS, see update-feed.ts). */
  readonly readAdminPolicy?: () => AdminPolicyReading;
  /** Only to say in the log which user-level overrides are ignored. */
  readonly env?: NodeJS.ProcessEnv;
  /** Defaults to process.platform; decides whether updates install themselves. */
  readonly platform?: NodeJS.Platform;
  /** Opens the release page in the browser (Linux installs updates by hand). */
  readonly openReleasePage?: () => void;
  /** Defaults to electron-updater's autoUpdater for this platform. */
  readonly updater?: UpdaterLike;
  readonly log?: UpdateLog;
  /** Called before "Restart Now" quits; return false to keep running (e.g. an export is being written). */
  readonly canRestart?: () => boolean | Promise<boolean>;
  readonly onStateChange?: (state: UpdateState) => void;
  /** Delay of the first automatic check (default 15 s, so start-up is not slowed). */
  readonly firstCheckDelayMs?: number;
  /** Interval of the automatic checks while Concilia stays open (default 4 h; 0 = none). */
  readonly checkIntervalMs?: number;
}

export interface AutoUpdates {
  /** Help > Check for Updates…: always answers the user, whatever the outcome. */
  checkNow(): Promise<void>;
  /** The menu item to put under Help (and, on macOS, in the application menu). */
  menuItem(): MenuItemConstructorOptions;
  state(): UpdateState;
  dispose(): void;
}

const PRODUCT = 'Concilia';
const NOTES_LIMIT = 1200;

/** Release notes arrive as Markdown (our feed) or HTML (GitHub); a message box shows plain text. */
export function releaseNotesText(notes: UpdateInfo['releaseNotes']): string {
  const raw = Array.isArray(notes) ? notes.map((note) => `${note.version}\n${note.note ?? ''}`).join('\n\n') : (notes ?? '');
  const text = raw
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|h\d)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/^#{1,6}\s*/gm, '')
    .replace(/^\s*[-*]\s+/gm, '• ')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length > NOTES_LIMIT ? `${text.slice(0, NOTES_LIMIT).trimEnd()}…` : text;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A failed safety check means the download was not what we published: say so, install nothing. */
function isSafetyFailure(error: unknown): boolean {
  const code = errorCode(error);
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE' || code === 'ERR_CHECKSUM_MISMATCH') return true;
  const message = error instanceof Error ? error.message : String(error);
  return /code signature|did not pass validation|not signed by the application owner/i.test(message);
}

/**
 * The security policy of updates, apart from the mechanics: the feed comes from the built-in
 * configuration or an administrator's policy only (never from the environment or a user file),
 * and Linux packages, which carry no verified signature, are never installed automatically.
 */
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

function unavailableReason(decision: FeedDecision, isPackaged: boolean): string | null {
  if (!isPackaged) return 'Updates are only available in the installed app, not in a development build.';
  if (decision.kind === 'disabled') return `Automatic updates are turned off: ${decision.reason}. Your IT administrator manages updates for this computer.`;
  if (decision.kind === 'invalid') return `Automatic updates are paused because ${decision.problem}. Ask your IT administrator to correct it.`;
  return null;
}

function menuItemFor(click: () => void, turnedOff = false): MenuItemConstructorOptions {
  // Turned off by an administrator: the menu says so, and still explains when chosen.
  return { id: 'check-for-updates', label: turnedOff ? 'Updates Turned Off by Your Administrator…' : 'Check for Updates…', click };
}

function consoleLog(): UpdateLog {
  return {
    info: (message) => console.info(`[updates] ${message}`),
    warn: (message) => console.warn(`[updates] ${message}`),
    error: (message) => console.error(`[updates] ${message}`),
  };
}

export function setupAutoUpdates(options: AutoUpdateOptions): AutoUpdates {
  const log = options.log ?? consoleLog();
  const safeLog: UpdateLog = {
    info: (message) => log.info(redactUrls(message)),
    warn: (message) => log.warn(redactUrls(message)),
    error: (message) => log.error(redactUrls(message)),
  };
  const { decision, mode } = updatePolicy(options, safeLog);
  const blocked = unavailableReason(decision, options.app.isPackaged);

  let current: UpdateState = blocked === null ? { kind: 'idle' } : { kind: 'unavailable', reason: blocked };
  const setState = (next: UpdateState): void => {
    current = next;
    options.onStateChange?.(next);
  };

  const parent = (): BrowserWindow | null => options.getWindow?.() ?? null;
  const show = async (box: MessageBoxOptions): Promise<number> => {
    const window = parent();
    const result = window ? await options.dialog.showMessageBox(window, box) : await options.dialog.showMessageBox(box);
    return result.response;
  };
  const report = (promise: Promise<unknown>): void => {
    promise.catch((error: unknown) => safeLog.error(`Could not show an update message: ${String(error)}`));
  };

  if (blocked !== null) {
    safeLog.info(blocked);
    const explain = async (): Promise<void> => {
      await show({ type: 'info', title: 'Updates', message: `${PRODUCT} cannot check for updates here.`, detail: blocked, buttons: ['OK'] });
    };
    const turnedOff = decision.kind === 'disabled';
    return { checkNow: explain, menuItem: () => menuItemFor(() => report(explain()), turnedOff), state: () => current, dispose: () => undefined };
  }

  const updater: UpdaterLike = options.updater ?? electronUpdater.autoUpdater;
  updater.logger = safeLog;
  // Where nothing verifies a signature (Linux), nothing is downloaded to be installed.
  updater.autoDownload = mode === 'automatic';
  updater.autoInstallOnAppQuit = mode === 'automatic';
  updater.allowPrerelease = false;
  updater.fullChangelog = false;
  updater.disableWebInstaller = true;
  // Set last: electron-updater turns this on as a side effect of choosing a channel.
  updater.allowDowngrade = false;
  if (decision.kind === 'override') {
    safeLog.info(`Update feed from ${describeSource(decision.source)}: ${decision.url}`);
    updater.setFeedURL({ provider: 'generic', url: decision.url });
  }

  let downloaded: UpdateInfo | null = null;
  let promptedFor: string | null = null;
  let safetyWarningShown = false;
  let manualCheck: Promise<void> | null = null;

  const announce = async (version: string): Promise<void> => {
    promptedFor = version;
    const response = await show({
      type: 'info',
      title: 'Update available',
      message: `${PRODUCT} ${version} is available.`,
      detail: `On this system ${PRODUCT} does not install updates itself: download the new version from the release page and install it as you installed this one.`,
      buttons: ['Open Release Page', 'Later'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (response === 0) options.openReleasePage?.();
  };

  const promptRestart = async (info: UpdateInfo): Promise<void> => {
    if (mode !== 'automatic') return;
    promptedFor = info.version;
    const notes = releaseNotesText(info.releaseNotes);
    const response = await show({
      type: 'info',
      title: 'Update ready',
      message: `${PRODUCT} ${info.version} is ready to install.`,
      detail: `${notes ? `What's new:\n${notes}\n\n` : ''}Restart now to install it, or it will be installed the next time you quit ${PRODUCT}.`,
      buttons: ['Restart Now', 'Later'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (response !== 0) return;
    if (options.canRestart && !(await options.canRestart())) {
      await show({ type: 'info', title: 'Update ready', message: `${PRODUCT} is still working.`, detail: `The update will be installed when you quit ${PRODUCT}.`, buttons: ['OK'] });
      return;
    }
    updater.quitAndInstall(false, true);
  };

  const warnSafety = async (error: unknown): Promise<void> => {
    if (safetyWarningShown) return;
    safetyWarningShown = true;
    safeLog.error(`Update rejected by a safety check: ${error instanceof Error ? error.message : String(error)}`);
    await show({
      type: 'warning',
      title: 'Update not installed',
      message: `${PRODUCT} downloaded an update that failed its safety check, so it was not installed.`,
      detail: 'Your installed version is unchanged and keeps working. Please tell your IT administrator or Concilia support; do not install updates from other sources in the meantime.',
      buttons: ['OK'],
    });
  };

  const onChecking = (): void => setState({ kind: 'checking' });
  const onAvailable = (info: UpdateInfo): void => {
    if (mode !== 'automatic') {
      safeLog.info(`Update ${info.version} found; this system installs updates by hand.`);
      setState({ kind: 'available', version: info.version });
      if (promptedFor !== info.version && manualCheck === null) report(announce(info.version));
      return;
    }
    safeLog.info(`Update ${info.version} found; downloading in the background.`);
    setState({ kind: 'downloading', version: info.version });
  };
  const onNotAvailable = (): void => setState({ kind: 'idle' });
  const onDownloaded = (event: UpdateDownloadedEvent): void => {
    if (mode !== 'automatic') return; // never installed here, whatever arrived
    downloaded = event;
    setState({ kind: 'ready', version: event.version });
    if (promptedFor === event.version) return;
    report(promptRestart(event));
  };
  const onError = (error: Error): void => {
    safeLog.warn(`Update check or download failed: ${error.message}`);
    setState({ kind: 'failed', message: error.message });
    if (isSafetyFailure(error)) report(warnSafety(error));
  };
  updater.on('checking-for-update', onChecking);
  updater.on('update-available', onAvailable);
  updater.on('update-not-available', onNotAvailable);
  updater.on('update-downloaded', onDownloaded);
  // Also required: an EventEmitter without an 'error' listener throws.
  updater.on('error', onError);

  const startCheck = async (): Promise<UpdateCheckResult | null> => {
    const result = await updater.checkForUpdates();
    // The download continues in the background; its failures arrive through 'error'.
    result?.downloadPromise?.catch(() => undefined);
    return result;
  };

  const backgroundCheck = (): void => {
    if (current.kind === 'downloading' || current.kind === 'ready' || manualCheck !== null) return;
    startCheck().catch(() => undefined); // reported through 'error'; never interrupt the user
  };

  const runManualCheck = async (): Promise<void> => {
    if (downloaded !== null) {
      await promptRestart(downloaded);
      return;
    }
    if (current.kind === 'downloading') {
      await show({ type: 'info', title: 'Updates', message: `${PRODUCT} ${current.version} is downloading.`, detail: 'You will be asked before Concilia restarts.', buttons: ['OK'] });
      return;
    }
    let result: UpdateCheckResult | null;
    try {
      result = await startCheck();
    } catch (error) {
      if (isSafetyFailure(error)) return; // warnSafety already told the user
      await show({
        type: 'warning',
        title: 'Updates',
        message: `${PRODUCT} could not check for updates.`,
        detail: `${redactUrls(error instanceof Error ? error.message : String(error)).slice(0, 300)}\n\nCheck the internet connection, or ask your IT administrator whether the update server can be reached. Your installed version keeps working.`,
        buttons: ['OK'],
      });
      return;
    }
    if (result === null) {
      await show({ type: 'info', title: 'Updates', message: `${PRODUCT} cannot check for updates here.`, detail: 'This copy has no update settings.', buttons: ['OK'] });
    } else if (result.isUpdateAvailable && mode !== 'automatic') {
      await announce(result.updateInfo.version);
    } else if (result.isUpdateAvailable) {
      const notes = releaseNotesText(result.updateInfo.releaseNotes);
      await show({
        type: 'info',
        title: 'Update available',
        message: `${PRODUCT} ${result.updateInfo.version} is available and is downloading in the background.`,
        detail: `${notes ? `What's new:\n${notes}\n\n` : ''}You will be asked before ${PRODUCT} restarts.`,
        buttons: ['OK'],
      });
    } else {
      await show({ type: 'info', title: 'Updates', message: `You have the latest version of ${PRODUCT} (${options.app.getVersion()}).`, buttons: ['OK'] });
    }
  };

  const checkNow = (): Promise<void> => {
    if (manualCheck === null) {
      manualCheck = runManualCheck().finally(() => {
        manualCheck = null;
      });
    }
    return manualCheck;
  };

  const firstCheck = setTimeout(backgroundCheck, options.firstCheckDelayMs ?? 15_000);
  firstCheck.unref();
  const intervalMs = options.checkIntervalMs ?? 4 * 60 * 60 * 1000;
  const periodic = intervalMs > 0 ? setInterval(backgroundCheck, intervalMs) : null;
  periodic?.unref();

  return {
    checkNow,
    menuItem: () => menuItemFor(() => report(checkNow())),
    state: () => current,
    dispose: () => {
      clearTimeout(firstCheck);
      if (periodic) clearInterval(periodic);
      updater.removeListener('checking-for-update', onChecking);
      updater.removeListener('update-available', onAvailable);
      updater.removeListener('update-not-available', onNotAvailable);
      updater.removeListener('update-downloaded', onDownloaded);
      updater.removeListener('error', onError);
    },
  };
}
