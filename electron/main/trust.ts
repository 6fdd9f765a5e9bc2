/**
 * Which pages may talk to main: our own renderer, served from the app's protocol
 * (concilia://app/…), or in development the electron-vite dev server. Pure (no `electron`
 * import) so the rules are tested under Node.
 */
import type { IpcEventLike } from './ipc.ts';

export const APP_SCHEME = 'concilia';
export const APP_HOST = 'app';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface TrustOptions {
  /** The electron-vite dev server (ELECTRON_RENDERER_URL), only when not packaged. */
  devServerUrl?: string;
}

/** Is this URL one of our own pages? */
export function isAppUrl(url: string, options: TrustOptions = {}): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Node's URL gives custom schemes an opaque origin ('null'), so compare scheme and host.
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  if (options.devServerUrl) {
    try {
      const dev = new URL(options.devServerUrl);
      return (dev.protocol === 'http:' || dev.protocol === 'https:') && parsed.origin === dev.origin;
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * The sender check registerHandlers uses: our window's webContents, its main frame (no parent),
 * showing one of our pages.
 */
export function createSenderCheck(options: TrustOptions & { isOurWebContents(sender: unknown): boolean }): (event: IpcEventLike) => boolean {
  return (event) => {
    const frame = senderFrameOf(event);
    if (!frame) return false;
    if (frame.parent !== null && frame.parent !== undefined) return false;
    if (!options.isOurWebContents(event.sender)) return false;
    return isAppUrl(frame.url, options);
  };
}

/**
 * The sender's frame as plain values, or null when it is gone. A frame that navigated away or
 * was destroyed while the request travelled throws on every property read (Electron's
 * WebFrameMain "was disposed"), so nothing is read from it outside this guard.
 */
export function senderFrameOf(event: IpcEventLike): { url: string; parent: unknown } | null {
  try {
    const frame = event.senderFrame;
    if (!frame || frame.isDestroyed?.() === true) return null;
    return { url: frame.url, parent: frame.parent };
  } catch {
    return null;
  }
}
