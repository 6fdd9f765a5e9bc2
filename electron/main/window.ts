/**
 * The main window, locked down: isolated, sandboxed renderer without Node; no navigation away
 * from our page, no new windows, no webviews. Links to allow-listed https pages open in the
 * user's browser; everything else is dropped.
 */
import { BrowserWindow, nativeTheme, shell } from 'electron';
import { isAllowedExternalUrl } from './external.ts';
import { windowBackground } from './theme.ts';
import { isAppUrl, type TrustOptions } from './trust.ts';
import { DEFAULT_SIZE, type Rect } from './window-state.ts';

export interface MainWindowOptions extends TrustOptions {
  preloadPath: string;
  url: string;
  bounds: Rect | null;
  maximized: boolean;
  title: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...(options.bounds ?? DEFAULT_SIZE),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: options.title,
    backgroundColor: windowBackground(nativeTheme),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  });
  // Follow the system when it switches between light and dark while Concilia is open.
  const followTheme = (): void => win.setBackgroundColor(windowBackground(nativeTheme));
  nativeTheme.on('updated', followTheme);
  win.once('closed', () => nativeTheme.removeListener('updated', followTheme));
  const contents = win.webContents;
  const openOutside = (url: string): void => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url).catch(() => undefined);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  const stayHome = (event: { preventDefault(): void }, url: string): void => {
    // A reload of our own page (dev HMR) is fine; anything else leaves the app: refuse it.
    if (isAppUrl(url, options) && url === contents.getURL()) return;
    event.preventDefault();
    openOutside(url);
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    if (options.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(options.url);
  return win;
}
