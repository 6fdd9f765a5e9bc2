/**
 * The Electron main process: one instance, one window, the cache in the user-data folder, and
 * the shared handlers behind the IPC wrapper. Kept thin: policy lives in the small modules
 * beside it (trust, csp, ipc, secret-store, menu, window-state) and the work in the core.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, safeStorage, screen, session, shell } from 'electron';
import { openCache, type CacheDatabase } from '../core/cache/index.ts';
import { realSleep, systemClock } from '../core/deps.ts';
import { reviewStoreFor } from '../core/team/choose.ts';
import { checkedEmitter, createHandlers, type HandlerSet, type Platform } from '../handlers/index.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { isTestBuildManifest, refusedDebugSwitch } from './debug-switches.ts';
import { openExternalIfAllowed, RELEASES_PAGE_URL } from './external.ts';
import { registerHandlers } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { appIdentity } from './identity-key.ts';
import { SafeStorageSecretStore } from './secret-store.ts';
import { APP_ENTRY_URL, createSenderCheck, isAppUrl } from './trust.ts';
import { setupAutoUpdates } from './updater.ts';
import { createMainWindow } from './window.ts';
import { loadWindowState, saveWindowState, visibleBounds } from './window-state.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const HELP_URL = 'https://docs.concilia.app/';

let mainWindow: BrowserWindow | null = null;
let handlerSet: HandlerSet | null = null;
let db: CacheDatabase | null = null;

const log = (message: string): void => {
  process.stderr.write(`[concilia] ${message}\n`);
};

// First of all, before ready: an installed Concilia never runs with a debugger port or pipe open.
const debugSwitch = refusedDebugSwitch({
  argv: process.argv,
  hasSwitch: (name) => app.commandLine.hasSwitch(name),
  isPackaged: app.isPackaged,
  isTestBuild: app.isPackaged && isTestBuildManifest(readAppManifest()),
  platform: process.platform,
});
if (debugSwitch !== null) {
  process.stderr.write(`[concilia] refusing to start with --${debugSwitch}: remote debugging is not allowed in an installed Concilia.\n`);
  app.exit(1);
}

// Before ready: the app's own scheme must be known as standard and secure.
registerAppScheme();

if (debugSwitch !== null) {
  // Exiting (above): nothing is set up.
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    // Belt and braces for any webContents, whatever created it.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && handlerSet) openWindow();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !handlerSet) return;
    event.preventDefault();
    quitting = true;
    const set = handlerSet;
    void set
      .dispose()
      .catch((error: unknown) => log(`shutdown: ${String(error)}`))
      .finally(() => {
        db?.close();
        db = null;
        app.quit();
      });
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Concilia could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

function readAppManifest(): string | null {
  try {
    return readFileSync(join(app.getAppPath(), 'package.json'), 'utf8');
  } catch {
    return null;
  }
}

function devServerUrl(): string | undefined {
  return !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const ses = session.defaultSession;
  // Concilia needs no camera, microphone, notifications, geolocation…: deny every request and check.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  serveRenderer(join(here, '../renderer'));

  const cachePath = join(userData, 'concilia.sqlite');
  db = openCache(cachePath);
  const secrets = new SafeStorageSecretStore({ safeStorage, file: join(userData, 'credentials.json'), platform: process.platform });
  const platform: Platform = {
    async chooseSavePath(suggestedName, format) {
      const options = {
        title: 'Export the reconciliation',
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: format === 'xlsx' ? [{ name: 'Excel workbook', extensions: ['xlsx'] }] : [{ name: 'CSV file', extensions: ['csv'] }],
      };
      const answer = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      return answer.canceled || !answer.filePath ? null : answer.filePath;
    },
    async chooseOpenPath(kind) {
      const options = {
        title: kind === 'workbook' ? 'Review a workbook' : 'Import a countersignature',
        defaultPath: app.getPath('documents'),
        properties: ['openFile' as const],
        filters: kind === 'workbook' ? [{ name: 'Excel workbook', extensions: ['xlsx'] }] : [{ name: 'Countersignature', extensions: ['json'] }],
      };
      const answer = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return answer.canceled ? null : (answer.filePaths[0] ?? null);
    },
    showInFolder(path) {
      shell.showItemInFolder(path);
      return Promise.resolve();
    },
    secretProtection: () => secrets.protection(),
  };
  // Who acts: this computer's account, signing with its key (kept encrypted by the OS key store).
  const identity = await appIdentity({ safeStorage, file: join(userData, 'signing-key.json'), platform: process.platform });
  handlerSet = createHandlers({
    db,
    // A cache that joined a team (concilia team join) queues every change for the team server; the
    // app has no team password of its own yet (PostgreSQL's ~/.pgpass applies), so the command
    // line sends the queue (concilia team sync) when the server does not take it from here.
    reviews: reviewStoreFor(db, systemClock, identity, () => Promise.resolve(null)),
    // Chromium's network stack, not Node's: the system proxy (PAC and WPAD included) and the
    // operating system's certificate store, which is where a company's TLS-inspecting gateway
    // puts its authority. (Node's fetch sees neither, and the fuses keep NODE_EXTRA_CA_CERTS out.)
    fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
    clock: systemClock,
    sleep: realSleep,
    secrets,
    platform,
    emit: checkedEmitter((event, payload) => mainWindow?.webContents.send(event, payload), log),
    app: { name: app.getName(), version: app.getVersion(), platform: process.platform, runtime: 'electron', cachePath },
  });
  const set = handlerSet;
  registerHandlers(ipcMain, set.handlers, {
    isTrustedSender: createSenderCheck({
      devServerUrl: devServerUrl(),
      isOurWebContents: (sender) => mainWindow !== null && sender === mainWindow.webContents,
    }),
    redact: (text) => set.redact(text),
    log: (message) => log(set.redact(message)),
  });
  // Checks at start (after a delay) and from Help; downloads in the background; asks before restarting.
  const updateLog = (message: string): void => log(`updates: ${set.redact(message)}`);
  const updates = setupAutoUpdates({
    app,
    dialog,
    getWindow: () => mainWindow,
    log: { info: updateLog, warn: updateLog, error: updateLog },
    openReleasePage: () => void openExternalIfAllowed(RELEASES_PAGE_URL, (u) => shell.openExternal(u)),
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        appName: app.getName(),
        isMac: process.platform === 'darwin',
        isDev: !app.isPackaged,
        send: (command) => mainWindow?.webContents.send('menu:onDidInvoke', { command }),
        openHelp: () => void openExternalIfAllowed(HELP_URL, (u) => shell.openExternal(u)),
        checkForUpdates: updates.menuItem(),
      }),
    ),
  );
  openWindow();
}

function openWindow(): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(stateFile);
  const dev = devServerUrl();
  const url = dev && isAppUrl(dev, { devServerUrl: dev }) ? dev : APP_ENTRY_URL;
  const win = createMainWindow({
    preloadPath: join(here, '../preload/index.cjs'),
    url,
    devServerUrl: dev,
    bounds: visibleBounds(state.bounds, screen.getAllDisplays().map((d) => d.workArea)),
    maximized: state.maximized,
    title: 'Concilia',
  });
  win.on('close', () => saveWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
}
