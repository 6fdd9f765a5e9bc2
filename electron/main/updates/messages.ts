// Every message box the updater shows, in one place: what the user reads about updates.
import type { MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import type { UpdateInfo } from 'electron-updater';
import { redactUrls } from '../update-feed.ts';

const PRODUCT = 'Concilia';
const NOTES_LIMIT = 1200;
const DETAIL_LIMIT = 300;

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

function whatsNew(info: UpdateInfo): string {
  const notes = releaseNotesText(info.releaseNotes);
  return notes ? `What's new:\n${notes}\n\n` : '';
}

export function menuItemFor(click: () => void, turnedOff = false): MenuItemConstructorOptions {
  // Turned off by an administrator: the menu says so, and still explains when chosen.
  return { id: 'check-for-updates', label: turnedOff ? 'Updates Turned Off by Your Administrator…' : 'Check for Updates…', click };
}

export const messages = {
  unavailable: (reason: string): MessageBoxOptions => ({
    type: 'info',
    title: 'Updates',
    message: `${PRODUCT} cannot check for updates here.`,
    detail: reason,
    buttons: ['OK'],
  }),
  noUpdateSettings: (): MessageBoxOptions => ({
    type: 'info',
    title: 'Updates',
    message: `${PRODUCT} cannot check for updates here.`,
    detail: 'This copy has no update settings.',
    buttons: ['OK'],
  }),
  upToDate: (version: string): MessageBoxOptions => ({
    type: 'info',
    title: 'Updates',
    message: `You have the latest version of ${PRODUCT} (${version}).`,
    buttons: ['OK'],
  }),
  downloading: (version: string): MessageBoxOptions => ({
    type: 'info',
    title: 'Updates',
    message: `${PRODUCT} ${version} is downloading.`,
    detail: `You will be asked before ${PRODUCT} restarts.`,
    buttons: ['OK'],
  }),
  available: (info: UpdateInfo): MessageBoxOptions => ({
    type: 'info',
    title: 'Update available',
    message: `${PRODUCT} ${info.version} is available and is downloading in the background.`,
    detail: `${whatsNew(info)}You will be asked before ${PRODUCT} restarts.`,
    buttons: ['OK'],
  }),
  checkFailed: (error: unknown): MessageBoxOptions => ({
    type: 'warning',
    title: 'Updates',
    message: `${PRODUCT} could not check for updates.`,
    detail: `${redactUrls(error instanceof Error ? error.message : String(error)).slice(0, DETAIL_LIMIT)}\n\nCheck the internet connection, or ask your IT administrator whether the update server can be reached. Your installed version keeps working.`,
    buttons: ['OK'],
  }),
  /** Where updates are installed by hand (Linux). Answer 0 is "Open Release Page". */
  installByHand: (version: string): MessageBoxOptions => ({
    type: 'info',
    title: 'Update available',
    message: `${PRODUCT} ${version} is available.`,
    detail: `On this system ${PRODUCT} does not install updates itself: download the new version from the release page and install it as you installed this one.`,
    buttons: ['Open Release Page', 'Later'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  }),
  /** Answer 0 is "Restart Now". */
  readyToInstall: (info: UpdateInfo): MessageBoxOptions => ({
    type: 'info',
    title: 'Update ready',
    message: `${PRODUCT} ${info.version} is ready to install.`,
    detail: `${whatsNew(info)}Restart now to install it, or it will be installed the next time you quit ${PRODUCT}.`,
    buttons: ['Restart Now', 'Later'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  }),
  stillWorking: (): MessageBoxOptions => ({
    type: 'info',
    title: 'Update ready',
    message: `${PRODUCT} is still working.`,
    detail: `The update will be installed when you quit ${PRODUCT}.`,
    buttons: ['OK'],
  }),
  safetyCheckFailed: (): MessageBoxOptions => ({
    type: 'warning',
    title: 'Update not installed',
    message: `${PRODUCT} downloaded an update that failed its safety check, so it was not installed.`,
    detail: `Your installed version is unchanged and keeps working. Please tell your IT administrator or ${PRODUCT} support; do not install updates from other sources in the meantime.`,
    buttons: ['OK'],
  }),
};
