/**
 * The one place main registers IPC: every contract channel, each through the same checks.
 * 1. The sender must be the main frame of our own window showing our own page (a subframe, a
 *    navigated-away page or another webContents gets `untrusted_sender`).
 * 2. dispatch(): input parsed with the contract, handler run, OUTPUT parsed with the contract,
 *    answered as {ok, value} | {ok: false, error} — never a thrown exception, a stack or a secret.
 * Electron's ipcMain is taken as a parameter (IpcMainLike) so tests drive this under plain Node.
 */
import { CHANNEL_NAMES, type Result } from '../contract/index.ts';
import { dispatch, type Handlers } from '../handlers/index.ts';
import { senderFrameOf } from './trust.ts';

/** The parts of Electron's IpcMainInvokeEvent this file reads. */
export interface IpcEventLike {
  senderFrame?: { url: string; parent?: unknown; isDestroyed?(): boolean } | null;
  sender?: unknown;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface RegisterOptions {
  isTrustedSender(event: IpcEventLike): boolean;
  redact?: (text: string) => string;
  log?: (message: string) => void;
}

/** Registers a handler for every channel of the contract; returns a function that removes them. */
export function registerHandlers(ipcMain: IpcMainLike, handlers: Handlers, options: RegisterOptions): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, ...args): Promise<Result<unknown>> => {
      if (!options.isTrustedSender(event)) {
        options.log?.(`refused ${channel} from an untrusted sender (${describeSender(event)})`);
        return { ok: false, error: { message: 'This request did not come from the Concilia window and was refused.', kind: 'untrusted_sender' } };
      }
      if (args.length > 1) {
        return { ok: false, error: { message: `A request (${channel}) carried unexpected extra arguments and was refused.`, kind: 'invalid_input' } };
      }
      return dispatch(handlers, channel, args[0], { redact: options.redact, log: options.log });
    });
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}

function describeSender(event: IpcEventLike): string {
  const url = senderFrameOf(event)?.url ?? 'no frame (gone or never there)';
  return url.length > 120 ? `${url.slice(0, 120)}…` : url;
}
