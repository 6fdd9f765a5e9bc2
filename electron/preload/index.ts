/**
 * The sandboxed preload: `window.concilia` gets one function per contract channel (each bound to
 * its fixed channel name) and `on` for the contract's events. ipcRenderer itself is never
 * exposed, and no other channel can be reached from the page. Bundled to CommonJS: it imports
 * only the names list, not the schemas (main validates everything).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, isEventName } from '../contract/names.ts';

const bridge: Record<string, unknown> = {};
for (const channel of CHANNEL_NAMES) {
  bridge[channel] = (input?: unknown): Promise<unknown> => ipcRenderer.invoke(channel, input ?? {});
}
bridge.on = (event: string, listener: (payload: unknown) => void): (() => void) => {
  if (!isEventName(event) || typeof listener !== 'function') throw new Error(`Concilia has no event named "${String(event)}".`);
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(event, forward);
  return () => {
    ipcRenderer.removeListener(event, forward);
  };
};

contextBridge.exposeInMainWorld('concilia', Object.freeze(bridge));
