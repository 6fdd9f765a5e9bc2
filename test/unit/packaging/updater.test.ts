// electron-updater cannot run without Electron, so the updater policy is driven through a
// scripted stand-in with electron-updater's event and promise behaviour; the dialog records
// what the user would see and answers like a user.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { UpdateCheckResult, UpdateInfo } from 'electron-updater';
import { afterEach, describe, expect, it } from 'vitest';
import { libraryLogger, logText } from '../../../electron/main/library-log.ts';
import { releaseNotesText, setupAutoUpdates } from '../../../electron/main/updater.ts';
import type { AutoUpdates, UpdateLog, UpdaterLike, UpdateState } from '../../../electron/main/updater.ts';
import type { AdminPolicyReading } from '../../../electron/main/update-feed.ts';

function info(version: string, releaseNotes: UpdateInfo['releaseNotes'] = null): UpdateInfo {
  return { version, releaseNotes, files: [], path: `Concilia-${version}.zip`, sha512: 'x', releaseDate: '2026-01-01T00:00:00Z' };
}

type Outcome = { kind: 'none' } | { kind: 'update'; info: UpdateInfo; download: 'ok' | Error } | { kind: 'fail'; error: Error };

class ScriptedUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  allowPrerelease = true;
  disableWebInstaller = false;
  fullChangelog = true;
  logger: UpdateLog | null = null;
  feed: unknown = null;
  checks = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  next: Outcome = { kind: 'none' };

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feed = options;
  }

  // Mirrors electron-updater: events first, then the result; a failed check rejects after 'error'.
  async checkForUpdates(): Promise<UpdateCheckResult | null> {
    this.checks++;
    await Promise.resolve();
    this.emit('checking-for-update');
    const outcome = this.next;
    if (outcome.kind === 'fail') {
      this.emit('error', outcome.error);
      throw outcome.error;
    }
    if (outcome.kind === 'none') {
      const current = info('1.0.0');
      this.emit('update-not-available', current);
      return { isUpdateAvailable: false, updateInfo: current, versionInfo: current };
    }
    this.emit('update-available', outcome.info);
    const downloadPromise = (async (): Promise<string[]> => {
      await new Promise((resolve) => setImmediate(resolve));
      if (outcome.download instanceof Error) {
        this.emit('error', outcome.download);
        throw outcome.download;
      }
      this.emit('update-downloaded', { ...outcome.info, downloadedFile: '/tmp/update' });
      return ['/tmp/update'];
    })();
    return { isUpdateAvailable: true, updateInfo: outcome.info, versionInfo: outcome.info, downloadPromise };
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

class RecordingDialog {
  shown: MessageBoxOptions[] = [];
  answers: number[] = [];
  showMessageBox(...args: unknown[]): Promise<MessageBoxReturnValue> {
    const options = args.at(-1) as MessageBoxOptions;
    this.shown.push(options);
    return Promise.resolve({ response: this.answers.shift() ?? 0, checkboxChecked: false });
  }
}

const dirs: string[] = [];
const handles: AutoUpdates[] = [];
afterEach(() => {
  for (const handle of handles.splice(0)) handle.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(
  overrides: {
    packaged?: boolean;
    env?: NodeJS.ProcessEnv;
    feedFile?: string;
    canRestart?: () => boolean;
    admin?: AdminPolicyReading;
    platform?: NodeJS.Platform;
    updater?: UpdaterLike;
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'concilia-updater-'));
  dirs.push(dir);
  if (overrides.feedFile !== undefined) writeFileSync(join(dir, 'update-feed.json'), overrides.feedFile);
  const updater = (overrides.updater ?? new ScriptedUpdater()) as ScriptedUpdater;
  const dialog = new RecordingDialog();
  const logs: string[] = [];
  const states: UpdateState[] = [];
  const releasePagesOpened: string[] = [];
  const handle = setupAutoUpdates({
    app: { isPackaged: overrides.packaged ?? true, getVersion: () => '1.0.0', getPath: () => dir },
    dialog,
    env: overrides.env ?? {},
    // macOS unless a test says otherwise: the platform where updates install themselves.
    platform: overrides.platform ?? 'darwin',
    readAdminPolicy: () => overrides.admin ?? { kind: 'none' },
    openReleasePage: () => releasePagesOpened.push('release page'),
    updater,
    log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
    onStateChange: (state) => states.push(state),
    ...(overrides.canRestart ? { canRestart: overrides.canRestart } : {}),
    firstCheckDelayMs: 60_000,
    checkIntervalMs: 0,
  });
  handles.push(handle);
  return { updater, dialog, logs, states, handle, releasePagesOpened };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('setupAutoUpdates', () => {
  it('configures electron-updater safely: background download, no downgrade, no pre-releases', () => {
    const { updater } = setup();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.allowDowngrade).toBe(false);
    expect(updater.allowPrerelease).toBe(false);
    expect(updater.disableWebInstaller).toBe(true);
    expect(updater.fullChangelog).toBe(false);
    expect(updater.feed).toBeNull(); // the built-in feed (app-update.yml) stays in charge
    expect(updater.logger).not.toBeNull();
  });

  it('says "up to date" on a manual check with nothing new', async () => {
    const { updater, dialog, handle } = setup();
    await handle.checkNow();
    expect(updater.checks).toBe(1);
    expect(dialog.shown.at(-1)?.message).toBe('You have the latest version of Concilia (1.0.0).');
  });

  it('downloads in the background, shows the release notes and asks before restarting', async () => {
    const { updater, dialog, handle, states } = setup();
    updater.next = { kind: 'update', info: info('1.1.0', '## Fixes\n- **Faster** exports\n- <b>Safer</b> sign-off'), download: 'ok' };
    dialog.answers = [0, 0]; // OK on "available", then Restart Now
    await handle.checkNow();
    expect(dialog.shown[0]?.message).toBe('Concilia 1.1.0 is available and is downloading in the background.');
    await settle();
    const prompt = dialog.shown[1];
    expect(prompt?.message).toBe('Concilia 1.1.0 is ready to install.');
    expect(prompt?.buttons).toEqual(['Restart Now', 'Later']);
    expect(prompt?.detail).toContain("What's new:\nFixes\n• Faster exports\n• Safer sign-off");
    expect(updater.installs).toEqual([[false, true]]);
    expect(states.map((state) => state.kind)).toEqual(['checking', 'downloading', 'ready']);
  });

  it('does not restart when the user says Later, and asks again only from the menu', async () => {
    const { updater, dialog, handle } = setup();
    updater.next = { kind: 'update', info: info('1.1.0'), download: 'ok' };
    dialog.answers = [0, 1]; // OK, then Later
    await handle.checkNow();
    await settle();
    expect(updater.installs).toEqual([]);
    expect(handle.state()).toEqual({ kind: 'ready', version: '1.1.0' });
    dialog.answers = [0]; // Restart Now this time
    await handle.checkNow();
    expect(updater.checks).toBe(1); // already downloaded: no new check
    expect(dialog.shown.at(-1)?.message).toBe('Concilia 1.1.0 is ready to install.');
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('lets the shell postpone the restart while work is in progress', async () => {
    const { updater, dialog, handle } = setup({ canRestart: () => false });
    updater.next = { kind: 'update', info: info('1.1.0'), download: 'ok' };
    dialog.answers = [0, 0, 0];
    await handle.checkNow();
    await settle();
    expect(updater.installs).toEqual([]);
    expect(dialog.shown.at(-1)?.detail).toBe('The update will be installed when you quit Concilia.');
  });

  it('explains a failed manual check without leaking the feed address', async () => {
    const { updater, dialog, handle } = setup();
    updater.next = { kind: 'fail', error: new Error('net::ERR_NAME_NOT_RESOLVED https://user:pw@feed.example.com/latest.yml?token=abc') };
    await handle.checkNow();
    const shown = dialog.shown.at(-1);
    expect(shown?.message).toBe('Concilia could not check for updates.');
    expect(shown?.detail).toContain('https://feed.example.com/latest.yml');
    expect(shown?.detail).not.toContain('pw@');
    expect(shown?.detail).not.toContain('token=abc');
  });

  it('stays silent about background failures but warns once about a failed safety check', async () => {
    const { updater, dialog, logs, handle } = setup();
    updater.emit('error', new Error('socket hang up'));
    await settle();
    expect(dialog.shown).toEqual([]);
    expect(logs.some((line) => line.startsWith('warn') && line.includes('socket hang up'))).toBe(true);

    const invalid = Object.assign(new Error('New version 1.1.0 is not signed by the application owner: publisherNames: Concilia'), { code: 'ERR_UPDATER_INVALID_SIGNATURE' });
    updater.next = { kind: 'update', info: info('1.1.0'), download: invalid };
    dialog.answers = [0, 0];
    await handle.checkNow();
    await settle();
    updater.emit('error', invalid);
    await settle();
    const warnings = dialog.shown.filter((box) => box.type === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toBe('Concilia downloaded an update that failed its safety check, so it was not installed.');
    expect(updater.installs).toEqual([]);
  });

  it('in a packaged configuration, ignores the user-data file and the environment variable (and says so)', async () => {
    const { updater, logs, handle } = setup({
      feedFile: '{"url": "https://attacker.example/feed", "enabled": false}',
      env: { CONCILIA_UPDATE_FEED: 'https://attacker.example/other' },
    });
    expect(updater.feed).toBeNull(); // the built-in feed (app-update.yml) stays in charge
    expect(handle.state().kind).toBe('idle'); // and "enabled": false in the user's file does not stop updates
    await handle.checkNow();
    expect(updater.checks).toBe(1);
    expect(logs).toContain('warn Ignored the CONCILIA_UPDATE_FEED environment variable: only an administrator\'s policy can change where updates come from.');
    expect(logs).toContain('warn Ignored update-feed.json in the user-data folder: only an administrator\'s policy can change where updates come from.');
  });

  it("follows the administrator's policy, and ignores one it cannot trust", () => {
    expect(setup({ admin: { kind: 'policy', where: 'p', url: 'https://mirror.example.org/concilia' } }).updater.feed).toEqual({ provider: 'generic', url: 'https://mirror.example.org/concilia/' });
    const refused = setup({ admin: { kind: 'refused', where: '/etc/concilia/update-feed.json', problem: 'it is not owned by root' } });
    expect(refused.updater.feed).toBeNull();
    expect(refused.logs).toContain('warn Ignored the update policy in /etc/concilia/update-feed.json: it is not owned by root.');
  });

  it('shows that updates are off when the administrator turned them off', async () => {
    const { updater, dialog, handle } = setup({ admin: { kind: 'policy', where: 'the Group Policy key', enabled: false } });
    expect(handle.state()).toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/turned off: updates are turned off by your administrator/) as unknown });
    expect(handle.menuItem().label).toBe('Updates Turned Off by Your Administrator…');
    await handle.checkNow();
    expect(updater.checks).toBe(0);
    expect(dialog.shown.at(-1)?.detail).toMatch(/Your IT administrator manages updates for this computer/);
  });

  it('on Linux, announces an update and opens the release page; never downloads or installs it', async () => {
    const { updater, dialog, handle, states, releasePagesOpened } = setup({ platform: 'linux' });
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    updater.next = { kind: 'update', info: info('1.1.0'), download: 'ok' };
    dialog.answers = [0];
    await handle.checkNow();
    await settle();
    expect(states.at(-1)).toEqual({ kind: 'available', version: '1.1.0' });
    expect(dialog.shown.at(-1)).toMatchObject({ message: 'Concilia 1.1.0 is available.', buttons: ['Open Release Page', 'Later'] });
    expect(releasePagesOpened).toEqual(['release page']);
    expect(updater.installs).toEqual([]);
    // Even if a download event arrived, nothing is installed.
    updater.emit('update-downloaded', { ...info('1.1.0'), downloadedFile: '/tmp/x.deb' });
    await settle();
    expect(updater.installs).toEqual([]);
  });

  it('does nothing but explain when updates are off, misconfigured, or this is a development build', async () => {
    for (const [overrides, expected] of [
      [{ admin: { kind: 'policy', where: 'the Group Policy key', enabled: false } }, /turned off: updates are turned off by your administrator \(the Group Policy key\)/],
      [{ admin: { kind: 'policy', where: '/etc/concilia/update-feed.json', url: 'http://updates.example.com/' } }, /paused because the update address in \/etc\/concilia\/update-feed.json is not usable: it must start with https:\/\//],
      [{ packaged: false }, /only available in the installed app/],
    ] as const) {
      const { updater, dialog, handle } = setup(overrides);
      expect(handle.state().kind).toBe('unavailable');
      await handle.checkNow();
      expect(updater.checks).toBe(0);
      expect(updater.autoDownload).toBe(false); // untouched
      expect(dialog.shown.at(-1)?.detail).toMatch(expected);
    }
  });

  it('offers the Help menu item', async () => {
    const { dialog, handle } = setup();
    const item = handle.menuItem();
    expect(item.label).toBe('Check for Updates…');
    expect(item.id).toBe('check-for-updates');
    (item.click as () => void)();
    await settle();
    expect(dialog.shown.at(-1)?.message).toBe('You have the latest version of Concilia (1.0.0).');
  });

  it('removes its listeners on dispose', () => {
    const { updater, handle } = setup();
    expect(updater.listenerCount('error')).toBe(1);
    handle.dispose();
    expect(updater.listenerCount('error')).toBe(0);
  });
});

// ---- electron-updater's own classes, on their real error paths ------------------------------
// MacUpdater and the Linux updaters run here; only the `electron` module they require is a
// stand-in (Squirrel.Mac's native autoUpdater is an EventEmitter that we make fail like it does).

const updaterRequire = createRequire(createRequire(import.meta.url).resolve('electron-updater'));
const nativeUpdater = new EventEmitter();

function withStandInElectron(): void {
  const path = updaterRequire.resolve('electron');
  const cached = updaterRequire.cache[path];
  if (cached && cached.exports !== undefined && (cached.exports as { autoUpdater?: unknown }).autoUpdater === nativeUpdater) return;
  const module = {
    id: path,
    filename: path,
    loaded: true,
    exports: { autoUpdater: nativeUpdater },
    children: [],
    paths: [],
  };
  updaterRequire.cache[path] = module as unknown as NodeJS.Module;
}

const appAdapter = (dir: string) => ({
  version: '1.0.0',
  name: 'Concilia',
  isPackaged: true,
  appUpdateConfigPath: join(dir, 'app-update.yml'),
  userDataPath: dir,
  baseCachePath: dir,
  whenReady: () => Promise.resolve(),
  relaunch: () => undefined,
  quit: () => undefined,
  onQuit: () => undefined,
});

describe("electron-updater's error paths reach the user, not an exception", () => {
  it('MacUpdater: a Squirrel.Mac code-signature Error goes through the logger and shows the safety warning', async () => {
    withStandInElectron();
    const { MacUpdater } = updaterRequire('./MacUpdater.js') as {
      MacUpdater: new (options: unknown, app: unknown) => UpdaterLike;
    };
    const dir = mkdtempSync(join(tmpdir(), 'concilia-mac-updater-'));
    dirs.push(dir);
    const { dialog, logs } = setup({
      updater: new MacUpdater(null, appAdapter(dir)),
    });
    // What Squirrel.Mac emits when the downloaded app is not signed by our Developer ID: an Error
    // object, which MacUpdater hands to `logger.warn` as is, then re-emits as 'error'.
    const squirrel = new Error(
      'Code signature at URL file:///Users/ana/Library/Caches/com.concilia.desktop.ShipIt/update.Xy12/Concilia.app/ did not pass validation: code failed to satisfy specified code requirement(s)',
    );
    expect(() => nativeUpdater.emit('error', squirrel)).not.toThrow();
    await settle();
    const warnings = dialog.shown.filter((box) => box.type === 'warning');
    expect(warnings.map((box) => box.message)).toEqual(['Concilia downloaded an update that failed its safety check, so it was not installed.']);
    expect(logs.some((line) => line.startsWith('warn Error: Code signature at URL file:///Users/ana/'))).toBe(true);
    expect(logs.some((line) => line.startsWith('error Update rejected by a safety check'))).toBe(true);
  });

  it('BaseUpdater: a command that cannot start logs its null stderr and fails with its own error', () => {
    withStandInElectron();
    const { DebUpdater } = updaterRequire('./DebUpdater.js') as {
      DebUpdater: new (options: unknown, app: unknown) => UpdaterLike & { spawnSyncLog(cmd: string, args: string[]): string };
    };
    const dir = mkdtempSync(join(tmpdir(), 'concilia-deb-updater-'));
    dirs.push(dir);
    const deb = new DebUpdater(null, appAdapter(dir));
    const { logs } = setup({ updater: deb });
    // An argument longer than the kernel accepts: spawnSync fails before the process exists, so
    // there is no stderr (null or undefined), and BaseUpdater logs it before throwing.
    expect(() => deb.spawnSyncLog('true', ['x'.repeat(200_000)])).toThrow(expect.objectContaining({ code: 'E2BIG' }));
    expect(logs.filter((line) => /^error \((null|undefined)\)$/.test(line))).toHaveLength(1);
  });
});

describe('the library logger', () => {
  it('takes whatever a library passes and never throws', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const hostile = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(logText([null])).toBe('(null)');
    expect(logText([undefined])).toBe('(undefined)');
    expect(logText([])).toBe('(nothing)');
    expect(logText([Object.assign(new Error('bad sum'), { code: 'ERR_CHECKSUM_MISMATCH' })])).toBe('Error: bad sum (ERR_CHECKSUM_MISMATCH)');
    expect(logText([new Error('outer', { cause: new TypeError('inner') })])).toBe('Error: outer; caused by TypeError: inner');
    expect(logText([{ status: 404 }, 7, true])).toBe('{"status":404} 7 true');
    expect(logText([circular])).toBe('(an unprintable object)');
    expect(logText([hostile])).toBe('(an unprintable object)');
    expect(logText(['x'.repeat(5000)]).length).toBe(2001);
  });

  it('redacts every line and survives a failing sink', () => {
    const lines: string[] = [];
    const logger = libraryLogger(
      {
        info: (m) => lines.push(m),
        warn: (m) => lines.push(m),
        error: () => {
          throw new Error('disk full');
        },
      },
      (text) => text.replaceAll('s3cr3t', '[redacted]'),
    );
    logger.warn(new Error('GET https://feed.example.com/latest.yml?token=s3cr3t failed'));
    logger.info({ header: 's3cr3t' });
    expect(() => logger.error('anything')).not.toThrow();
    logger.debug('hidden unless asked');
    expect(lines).toEqual(['Error: GET https://feed.example.com/latest.yml?token=[redacted] failed', '{"header":"[redacted]"}']);
  });
});

describe('releaseNotesText', () => {
  it('turns GitHub HTML and Markdown into short plain text', () => {
    expect(releaseNotesText('<h2>Fixes</h2><ul><li>Exports &amp; imports</li></ul>')).toBe('Fixes\n• Exports & imports');
    expect(releaseNotesText([{ version: '1.1.0', note: '<p>One</p>' }])).toBe('1.1.0\nOne');
    expect(releaseNotesText(null)).toBe('');
    expect(releaseNotesText('x'.repeat(5000)).length).toBeLessThanOrEqual(1201);
  });
});
