/**
 * What the shared handlers need from their host (Electron main or the browser harness), given
 * rather than imported so this folder never touches `electron`.
 */
import type { CacheDatabase } from '../core/cache/index.ts';
import type { Clock, FetchLike, Sleep } from '../core/deps.ts';
import type { ReviewStore } from '../core/review/index.ts';
import type { SecretField, SecretStore } from '../core/secrets.ts';
import type { Channel, EventName, EventPayload, HandlerOutput, ParsedInput, SecretProtection } from '../contract/index.ts';

/** What differs between the desktop app and the harness. */
export interface Platform {
  /** Ask where to save (Electron: the save dialog). null when the user cancels. */
  chooseSavePath(suggestedName: string, format: 'xlsx' | 'csv'): Promise<string | null>;
  /** Ask which file to open (Electron: the open dialog): a workbook to review, or a countersignature. null when the user cancels. */
  chooseOpenPath(kind: 'workbook' | 'countersignature'): Promise<string | null>;
  /** Reveal a written file (Electron: shell.showItemInFolder). */
  showInFolder(path: string): Promise<void>;
  /** How well the secret store protects what it holds. */
  secretProtection(): Promise<SecretProtection>;
}

export interface SetSecretOptions {
  /** The user accepted storing without OS protection (Linux without a keyring). */
  acceptWeakProtection?: boolean;
}

/** A SecretStore that may refuse weak protection unless told the user accepted it. */
export interface HostSecretStore extends SecretStore {
  set(connectionName: string, field: SecretField, value: string, url: string, options?: SetSecretOptions): Promise<void>;
}

export interface AppIdentity {
  name: string;
  version: string;
  /** process.platform of the host. */
  platform: string;
  runtime: 'electron' | 'harness';
  cachePath: string;
}

export interface HandlerDeps {
  db: CacheDatabase;
  /** The review layer: the cache's own store (solo), or another behind the same interface. */
  reviews: ReviewStore;
  fetch: FetchLike;
  clock: Clock;
  sleep: Sleep;
  secrets: HostSecretStore;
  platform: Platform;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  app: AppIdentity;
}

/** One function per channel: parsed input in, a value the contract's output schema accepts out. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<HandlerOutput<C>> };
