/**
 * A main-process stand-in for tests: the real handlers over a temp cache, registered through the
 * real registerHandlers wrapper on a fake ipcMain (Electron cannot run here).
 */
import { createSqliteReviewStore } from '../../../electron/core/review/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { realSleep, systemClock } from '../../../electron/core/deps.ts';
import { MemorySecretStore } from '../../../electron/core/secrets.ts';
import type { Channel, ChannelInput, ChannelOutput, EventName, Result } from '../../../electron/contract/index.ts';
import { checkedEmitter, createHandlers, type HandlerSet, type Handlers } from '../../../electron/handlers/index.ts';
import { harnessPlatform, type HarnessPlatform } from '../../../electron/harness/platform.ts';
import { registerHandlers, type IpcEventLike, type IpcMainLike } from '../../../electron/main/ipc.ts';
import { createSenderCheck } from '../../../electron/main/trust.ts';
import { testIdentity } from '../../support/identity.ts';

export const OUR_WEB_CONTENTS = { id: 1 };
export const TRUSTED_EVENT: IpcEventLike = { sender: OUR_WEB_CONTENTS, senderFrame: { url: 'concilia://app/index.html', parent: null } };

export class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();

  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.listeners.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }

  /** What ipcRenderer.invoke(channel, ...args) would resolve to in the window. */
  async invoke(channel: string, args: unknown[], event: IpcEventLike = TRUSTED_EVENT): Promise<Result<unknown>> {
    const listener = this.listeners.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return (await listener(event, ...args)) as Result<unknown>;
  }
}

export interface MainStandIn {
  ipc: FakeIpcMain;
  db: CacheDatabase;
  set: HandlerSet;
  platform: HarnessPlatform;
  events: { event: EventName; payload: unknown }[];
  logs: string[];
  dir: string;
  close(): Promise<void>;
}

export function startMainStandIn(options: { override?: Partial<Handlers> } = {}): MainStandIn {
  const dir = mkdtempSync(join(tmpdir(), 'concilia-ipc-'));
  const db = openCache(join(dir, 'concilia.sqlite'));
  const platform = harnessPlatform(dir, 'os');
  const events: { event: EventName; payload: unknown }[] = [];
  const logs: string[] = [];
  const set = createHandlers({
    db,
    reviews: createSqliteReviewStore(db, systemClock, testIdentity('ana')),
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    sleep: realSleep,
    secrets: new MemorySecretStore(),
    platform,
    emit: checkedEmitter((event, payload) => events.push({ event, payload }), (m) => logs.push(m)),
    app: { name: 'Concilia', version: '0.1.0', platform: process.platform, runtime: 'electron', cachePath: join(dir, 'concilia.sqlite') },
  });
  const handlers: Handlers = { ...set.handlers, ...options.override };
  const ipc = new FakeIpcMain();
  // The shell's own check (electron/main/trust.ts), with our window's webContents stood in.
  const isTrustedSender = createSenderCheck({ isOurWebContents: (sender) => sender === OUR_WEB_CONTENTS });
  registerHandlers(ipc, handlers, { isTrustedSender, redact: (t) => set.redact(t), log: (m) => logs.push(m) });
  return {
    ipc,
    db,
    set,
    platform,
    events,
    logs,
    dir,
    async close() {
      await set.dispose();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when the sync job's final event has been emitted. */
export async function waitForSyncEnd(events: MainStandIn['events'], jobId: string, timeoutMs = 60_000): Promise<{ state: string; error: string | null }> {
  const started = Date.now();
  for (;;) {
    const last = events.find((e) => e.event === 'sync:onDidProgress' && (e.payload as { jobId: string; state: string }).jobId === jobId && (e.payload as { state: string }).state !== 'running');
    if (last) return last.payload as { state: string; error: string | null };
    if (Date.now() - started > timeoutMs) throw new Error(`sync job ${jobId} did not finish`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Typed calls through the stand-in's IPC, as the window makes them: `call` answers the Result,
 * `value` the value (or throws with the channel's message). `main` is read at each call.
 */
export function channelsOf(main: () => MainStandIn) {
  const call = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> =>
    (await main().ipc.invoke(channel, [input])) as Result<ChannelOutput<C>>;
  const value = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const answer = await call(channel, input);
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
    return answer.value;
  };
  return { call, value };
}
