/**
 * State the handlers share for one app session (one window's back end): the deps, the secret
 * redactor, the last network outcome, running jobs, and the files this session wrote.
 */
import type { FetchLike } from '../core/deps.ts';
import type { EventName, EventPayload } from '../contract/index.ts';
import type { HandlerDeps, HostSecretStore } from './types.ts';
import type { ReconciliationViews } from './views.ts';

export interface HandlerContext {
  deps: HandlerDeps;
  /** The secret store, remembering values so errors can be scrubbed. */
  secrets: HostSecretStore;
  redact(text: string): string;
  /** deps.fetch, noting whether the network answered (app:info's offline flag). */
  fetch: FetchLike;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Set from each upstream request's outcome; app:info reports it. */
  network: { offline: boolean };
  /** Paths written by export:run in this session: the only ones export:showInFolder reveals. */
  writtenFiles: Set<string>;
  /** The reconciliations the window pages through (reconcile:run, reconcile:rows, reconcile:keys). */
  views: ReconciliationViews;
}
