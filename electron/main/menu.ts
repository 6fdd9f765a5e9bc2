/**
 * The native menu: the usual roles and shortcuts, plus File > Export… (Ctrl/Cmd+E) and
 * File > Sync (Ctrl/Cmd+R), which ask the window to act (it knows the current connection and
 * range). Reload is left off Ctrl/Cmd+R for that reason. Built from plain data (type-only
 * `electron` import) so the template is testable.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type MenuCommand = 'export' | 'sync' | 'open-demo' | 'add-connection' | 'preferences' | 'review-workbook' | 'import-countersignature';

export interface MenuOptions {
  appName: string;
  isMac: boolean;
  isDev: boolean;
  send: (command: MenuCommand) => void;
  openHelp: () => void;
  /** Help > Check for Updates… (from the updater; absent where updates are off). */
  checkForUpdates?: MenuItemConstructorOptions;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { isMac, send } = options;
  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => send('preferences') },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Add Connection…', accelerator: 'CmdOrCtrl+N', click: () => send('add-connection') },
      { label: 'Open the Demo Workspace', click: () => send('open-demo') },
      { type: 'separator' },
      { label: 'Sync', accelerator: 'CmdOrCtrl+R', click: () => send('sync') },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => send('export') },
      { type: 'separator' },
      { label: 'Review a Workbook…', click: () => send('review-workbook') },
      { label: 'Import a Countersignature…', click: () => send('import-countersignature') },
      ...(isMac ? [] : ([{ type: 'separator' }, { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => send('preferences') }] as MenuItemConstructorOptions[])),
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(isMac ? ([{ role: 'pasteAndMatchStyle' }, { role: 'delete' }] as MenuItemConstructorOptions[]) : [{ role: 'delete' } as MenuItemConstructorOptions]),
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      // Reload without the usual Ctrl/Cmd+R: that shortcut is Sync here.
      ...(options.isDev ? ([{ role: 'reload', accelerator: 'CmdOrCtrl+Shift+R' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    role: 'window',
    submenu: isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Concilia Help', click: () => options.openHelp() },
      ...(options.checkForUpdates ? ([{ type: 'separator' }, options.checkForUpdates] as MenuItemConstructorOptions[]) : []),
    ],
  };
  return [...(isMac ? [appMenu] : []), file, edit, view, windowMenu, help];
}
