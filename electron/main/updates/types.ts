// The shapes the update pieces share: what electron-updater offers, what the shell passes in, and
// what it gets back. Types only.
import type { BrowserWindow, Dialog, MenuItemConstructorOptions } from 'electron';
import type { Logger, UpdateCheckResult, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import type { LogSink } from '../library-log.ts';
import type { AdminPolicyReading } from '../update-feed.ts';

/** The parts of electron-updater's AppUpdater this module uses (a fake in unit tests). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  disableWebInstaller: boolean;
  fullChangelog: boolean;
  /** Receives whatever electron-updater logs: Errors, null, objects (see ../library-log.ts). */
  logger: Logger | null;
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

/** Where Concilia's own update lines go. */
export type UpdateLog = LogSink;

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
  readonly app: {
    readonly isPackaged: boolean;
    getVersion(): string;
    getPath(name: 'userData'): string;
  };
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
