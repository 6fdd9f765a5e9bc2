/**
 * Names for item keys (P|…, B|…, F|…): the provider or loan and the period, asked of the back end
 * (reconcile:describe) in batches and kept for the session, so no screen ever has to show a key.
 */
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useCall } from '../api/api-context.tsx';
import type { ItemName } from '../api/types.ts';
import { useWorkspace } from './workspace.tsx';

const BATCH = 1000;

function unnamed(key: string): ItemName {
  return { key, kind: 'unknown', name: null, ref: null, periodStart: null, periodEnd: null, check: null, currency: null };
}

type Describe = (connection: string, keys: string[]) => Promise<ItemName[] | null>;

class NameStore {
  readonly #describe: Describe;
  readonly #names = new Map<string, ItemName>();
  readonly #pending = new Set<string>();
  readonly #asked = new Set<string>();
  readonly #listeners = new Set<() => void>();
  #version = 0;
  #scheduled = false;

  constructor(describe: Describe) {
    this.#describe = describe;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  version = (): number => this.#version;

  get(connection: string, key: string): ItemName | undefined {
    return this.#names.get(`${connection}\u0000${key}`);
  }

  request(connection: string, keys: readonly string[]): void {
    for (const key of keys) {
      const id = `${connection}\u0000${key}`;
      if (!this.#names.has(id) && !this.#asked.has(id)) this.#pending.add(id);
    }
    if (this.#pending.size === 0 || this.#scheduled) return;
    this.#scheduled = true;
    // One request for everything asked during this render.
    queueMicrotask(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const byConnection = new Map<string, string[]>();
    for (const id of this.#pending) {
      const [connection = '', key = ''] = id.split('\u0000');
      byConnection.set(connection, [...(byConnection.get(connection) ?? []), key]);
      this.#asked.add(id);
    }
    this.#pending.clear();
    for (const [connection, keys] of byConnection) {
      for (let i = 0; i < keys.length; i += BATCH) {
        const batch = keys.slice(i, i + BATCH);
        const answer = await this.#describe(connection, batch);
        // Without an answer the key stays nameless (and is not asked again and again).
        for (const key of batch) this.#names.set(`${connection}\u0000${key}`, unnamed(key));
        for (const name of answer ?? []) this.#names.set(`${connection}\u0000${name.key}`, name);
      }
    }
    this.#version++;
    for (const listener of this.#listeners) listener();
  }
}

const Ctx = createContext<NameStore | null>(null);

export function ItemNamesProvider({ children }: { children: ReactNode }) {
  // Quiet: a missing name leaves the words of the key's own parts, never an alert.
  const call = useCall({ quiet: true });
  const store = useMemo(() => new NameStore((connection, keys) => call('reconcile:describe', { connection, keys })), [call]);
  return <Ctx.Provider value={store}>{children}</Ctx.Provider>;
}

/**
 * Names of the selected connection's items: `nameOf(key)` answers from the cache, or asks for the
 * name (batched with every other key asked during the render) and answers undefined until then.
 */
export function useItemNames(): (key: string) => ItemName | undefined {
  const store = useContext(Ctx);
  if (!store) throw new Error('useItemNames outside ItemNamesProvider');
  const connection = useWorkspace().selected?.name ?? '';
  const version = useSyncExternalStore(store.subscribe, store.version);
  // A new function after each answer, so memoised cells that read names render again.
  return useMemo(() => {
    void version;
    return (key: string) => {
      const name = store.get(connection, key);
      // An idempotent note in an outside cache (like any fetching library), answered by a later render.
      if (!name && connection) store.request(connection, [key]);
      return name;
    };
  }, [store, connection, version]);
}
