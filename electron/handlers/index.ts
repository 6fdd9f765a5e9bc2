/**
 * The handlers behind every channel of the contract, shared by Electron main and the browser
 * harness. Electron-free: what differs between the two comes in through HandlerDeps.platform.
 */
import { checkCacheInBackground } from '../core/cache/index.ts';
import { ContractError, type CacheHealthView, type EventName, type EventPayload } from '../contract/index.ts';
import { connectionHandlers } from './connections.ts';
import { countersignHandlers } from './countersign.ts';
import { itemNameHandlers } from './item-names.ts';
import type { HandlerContext } from './context.ts';
import { redactingStore } from './redaction.ts';
import { reviewHandlers } from './review.ts';
import { settingsHandlers } from './settings.ts';
import { closeHandlers } from './close.ts';
import { SyncJobs, syncHandlers } from './sync-jobs.ts';
import { workHandlers } from './work.ts';
import { ReconciliationViews } from './views.ts';
import { DemoWorkspaceHandler } from './demo.ts';
import type { Sandbox } from '../core/sandbox/index.ts';
import type { FetchLike } from '../core/deps.ts';
import { classifyConnectionTrouble } from '../core/http/connection-trouble.ts';
import type { HandlerDeps, Handlers } from './types.ts';

export type { HandlerDeps, Handlers, Platform, HostSecretStore, SetSecretOptions, AppIdentity } from './types.ts';
export { dispatch, summariseIssues, type DispatchOptions } from './dispatch.ts';
export { checkedEmitter } from './emit.ts';

/** The handlers plus what the host needs to manage them. */
export interface HandlerSet {
  handlers: Handlers;
  /** Scrubs secret values seen by the store from any text (for logs and error messages). */
  redact(text: string): string;
  /** The demo's sandbox once demo:open has started it (tests switch faults on through it). */
  demoSandbox(): Promise<Sandbox | null>;
  /** Stop running jobs and the demo sandbox (app quit, harness close). */
  dispose(): Promise<void>;
}

export function createHandlers(deps: HandlerDeps): HandlerSet {
  const redacting = redactingStore(deps.secrets);
  const redact = (text: string): string => redacting.redact(text);
  const network = { offline: false };
  // A fetch that rejects (as opposed to answering with an error status) means no network.
  const fetch: FetchLike = async (input, init) => {
    try {
      const response = await deps.fetch(input, init);
      network.offline = false;
      return response;
    } catch (error) {
      // A proxy or certificate refusal is an answer from the network, not its absence.
      const trouble = classifyConnectionTrouble(error);
      const refused = trouble !== null && trouble.kind !== 'proxy_unreachable';
      if (!refused && !(error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))) network.offline = true;
      throw error;
    }
  };
  const ctx: HandlerContext = {
    deps,
    secrets: redacting.store,
    redact,
    fetch,
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => deps.emit(event, payload),
    network,
    writtenFiles: new Set(),
    views: new ReconciliationViews(),
  };
  // SQLite's quick_check of the whole file, off the main thread: the window opens meanwhile.
  const cache: CacheHealthView = { state: 'checking', detail: null };
  void checkCacheInBackground(deps.app.cachePath, deps.db).then((health) => {
    cache.state = health.ok ? 'ok' : 'damaged';
    cache.detail = health.ok ? null : (health.problems[0] ?? null);
  });
  const jobs = new SyncJobs(ctx);
  const demo = new DemoWorkspaceHandler(ctx, jobs);
  const handlers: Handlers = {
    async 'app:info'() {
      return {
        name: deps.app.name,
        version: deps.app.version,
        platform: deps.app.platform,
        runtime: deps.app.runtime,
        secretProtection: await deps.platform.secretProtection(),
        offline: ctx.network.offline,
        cachePath: deps.app.cachePath,
        cache: { ...cache },
      };
    },
    ...connectionHandlers(ctx, (name) => jobs.activeFor(name) !== null),
    ...syncHandlers(ctx, jobs),
    'demo:open': () => demo.open(),
    ...reviewHandlers(ctx),
    ...countersignHandlers(ctx),
    ...workHandlers(ctx),
    ...itemNameHandlers(ctx),
    async 'export:showInFolder'(input) {
      if (!ctx.writtenFiles.has(input.path)) {
        throw new ContractError('not_found', 'Concilia only shows files it exported in this session. Export again, then choose Show in folder.');
      }
      await deps.platform.showInFolder(input.path);
      return { shown: true };
    },
    ...settingsHandlers(ctx),
    ...closeHandlers(ctx),
  };
  return {
    handlers,
    redact,
    demoSandbox: () => demo.sandbox(),
    async dispose() {
      await jobs.disposeAll();
      await demo.close();
      ctx.views.clear();
    },
  };
}
