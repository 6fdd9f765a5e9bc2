import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useAlerts } from '../components/alerts.tsx';
import type { Channel, ChannelInput, ChannelOutput, ConciliaApi, Result } from './types.ts';

/** The outcome of the last request, for the offline indicator. */
export interface Health {
  lastOutcome: 'none' | 'ok' | 'offline' | 'error';
  lastAt: number | null;
  message: string | null;
}

interface HealthStore {
  get: () => Health;
  set: (next: Health) => void;
  subscribe: (listener: () => void) => () => void;
}

function createHealthStore(): HealthStore {
  let state: Health = { lastOutcome: 'none', lastAt: null, message: null };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set: (next) => {
      state = next;
      for (const l of listeners) l();
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
  };
}

interface ApiContextValue {
  api: ConciliaApi;
  health: HealthStore;
}

const Ctx = createContext<ApiContextValue | null>(null);

export function ApiProvider({ api, children }: { api: ConciliaApi; children: ReactNode }) {
  const value = useMemo(() => ({ api, health: createHealthStore() }), [api]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useApi(): ConciliaApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useApi outside ApiProvider');
  return v.api;
}

export function useHealth(): Health {
  const v = useContext(Ctx);
  if (!v) throw new Error('useHealth outside ApiProvider');
  return useSyncExternalStore(v.health.subscribe, v.health.get);
}

// Kinds that mean the upstream or the network is unreachable (as opposed to a rule saying no).
const OFFLINE_KINDS = new Set(['offline', 'transport']);
const UPSTREAM_KINDS = new Set(['upstream', 'offline']);

type ArgsFor<C extends Channel> = Record<never, never> extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];
type Invoke = <C extends Channel>(channel: C, ...input: ArgsFor<C>) => Promise<ChannelOutput<C> | null>;

/**
 * Call a channel; on an error answer, show it in a dismissible alert and resolve null, so every
 * screen handles failure the same way (the message says what happened and what to do).
 * `quiet` callers get null without an alert (they show the error in place).
 */
export function useCall(options: { quiet?: boolean } = {}): Invoke {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCall outside ApiProvider');
  const { push, resolve } = useAlerts();
  const { t } = useTranslation();
  const quiet = options.quiet ?? false;
  const invoke = useCallback(
    async (channel: Channel, input?: unknown) => {
      const fn = v.api[channel] as (input?: unknown) => Promise<Result<unknown>>;
      const result = await fn(input);
      if (result.ok) {
        if (channel.startsWith('sync:') || channel === 'connections:test' || channel === 'demo:open') {
          v.health.set({ lastOutcome: 'ok', lastAt: Date.now(), message: null });
        }
        // "The connection was not added" is not true any more once it was.
        resolve(channel);
        return result.value;
      }
      const kind = result.error.kind ?? '';
      if (OFFLINE_KINDS.has(kind) || UPSTREAM_KINDS.has(kind)) {
        v.health.set({ lastOutcome: OFFLINE_KINDS.has(kind) ? 'offline' : 'error', lastAt: Date.now(), message: result.error.message });
      }
      if (!quiet) {
        const title = t(`errors.channel.${channel.replace(':', '_')}`, { defaultValue: t('errors.generic') });
        push('error', title, kind === 'invalid_input' ? invalidInputMessage(result.error.message, t) : result.error.message, channel);
      }
      return null;
    },
    [v, push, resolve, t, quiet],
  );
  return invoke as Invoke;
}

/**
 * The contract's "Some details are not valid — toleranceAbs: …" names fields the way the code does.
 * People get the fields' names in their language instead (the screens check what they can before
 * sending, so this is the rare case).
 */
function invalidInputMessage(message: string, t: TFunction): string {
  const fields = [...message.matchAll(/([A-Za-z][\w.]*): /g)].map((m) => (m[1] ?? '').split('.')[0] ?? '');
  const named = [...new Set(fields)].map((field) => t(`errors.fields.${field}`, { defaultValue: t('errors.fields.other') }));
  return named.length > 0 ? t('errors.invalidFields', { fields: [...new Set(named)].join(', ') }) : t('errors.invalid');
}

/** Record an outcome seen outside a channel answer (a sync job's final event). */
export function useReportHealth(): (h: Health) => void {
  const v = useContext(Ctx);
  if (!v) throw new Error('useReportHealth outside ApiProvider');
  return v.health.set;
}
