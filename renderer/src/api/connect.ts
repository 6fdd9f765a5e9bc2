import { createClient, transportForWindow, type ConciliaBridge } from './contract.ts';
import type { ConciliaApi } from './types.ts';

declare global {
  interface Window {
    concilia?: ConciliaBridge;
  }
}

/**
 * Inside Electron the preload put `window.concilia`; in the browser harness the page was opened
 * with `?token=…`. Anything else (a bare file, a stray tab) gets no client and a screen saying so.
 */
export function connect(win: Window = window): ConciliaApi | null {
  const transport = transportForWindow(win);
  if (!transport) return null;
  if (!win.concilia) {
    // Keep the token out of the address bar (and out of screenshots and history) once it is read.
    const url = new URL(win.location.href);
    url.searchParams.delete('token');
    win.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return createClient(transport);
}
