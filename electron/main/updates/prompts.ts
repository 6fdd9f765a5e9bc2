// Showing the updater's message boxes: attached to the main window when there is one, and never
// letting a failed dialog become an unhandled rejection.
import type { BrowserWindow, MessageBoxOptions } from 'electron';
import type { AutoUpdateOptions, UpdateLog } from './types.ts';

export interface Prompts {
  /** Shows the box and resolves to the index of the button pressed. */
  show(box: MessageBoxOptions): Promise<number>;
  /** Runs a prompt from a click or an event: failures are logged, never thrown. */
  report(promise: Promise<unknown>): void;
}

export function createPrompts(options: Pick<AutoUpdateOptions, 'dialog' | 'getWindow'>, log: UpdateLog): Prompts {
  const parent = (): BrowserWindow | null => options.getWindow?.() ?? null;
  return {
    async show(box) {
      const window = parent();
      const result = window ? await options.dialog.showMessageBox(window, box) : await options.dialog.showMessageBox(box);
      return result.response;
    },
    report(promise) {
      promise.catch((error: unknown) => log.error(`Could not show an update message: ${String(error)}`));
    },
  };
}
