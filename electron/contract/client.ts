/**
 * The renderer's API: one typed async function per channel, each answering a Result, plus `on`
 * for events. Runtime-neutral: the same client runs over the Electron preload or over the
 * browser harness's loopback HTTP, chosen by the transport.
 */
import type { ChannelInput, ChannelOutput } from './channels.ts';
import { events, type EventPayload } from './events.ts';
import { CHANNEL_NAMES, type Channel, type EventName } from './names.ts';
import { isResult, type Result } from './result.ts';

/** How requests and events travel. Implementations never throw for an error answer: they return it. */
export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<unknown>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** What the preload puts on `window.concilia`: one function per channel, and `on`. Nothing else. */
export type ConciliaBridge = { readonly [C in Channel]: (input?: unknown) => Promise<unknown> } & {
  readonly on: (event: EventName, listener: (payload: unknown) => void) => () => void;
};

/** Channels whose input is all optional can be called with no argument. */
type NoKeys = Record<never, never>;
type ArgsFor<C extends Channel> = NoKeys extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

export type ConciliaApi = { readonly [C in Channel]: (...args: ArgsFor<C>) => Promise<Result<ChannelOutput<C>>> } & {
  /** Subscribe to an event; returns the unsubscribe function. */
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

export function createClient(transport: Transport): ConciliaApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = async (input?: unknown): Promise<Result<unknown>> => {
      try {
        const answer = await transport.invoke(channel, input ?? {});
        if (isResult(answer)) return answer;
        return { ok: false, error: { message: 'The app answered in an unexpected form. Restart Concilia; if it happens again, report it.', kind: 'transport' } };
      } catch (error) {
        return { ok: false, error: { message: describeTransportFailure(error), kind: 'transport' } };
      }
    };
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): (() => void) =>
    transport.on(event, (payload) => {
      // Events are checked here too: a listener can rely on the shape it was promised.
      const parsed = events[event].safeParse(payload);
      if (parsed.success) listener(parsed.data as EventPayload<E>);
    });
  return api as ConciliaApi;
}

function describeTransportFailure(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `Concilia could not reach its back end (${detail}). If you use the browser harness, check it is still running; otherwise restart Concilia.`;
}

/** Electron: the functions the preload exposed on `window.concilia`. */
export function preloadTransport(bridge: ConciliaBridge): Transport {
  return {
    invoke: (channel, input) => bridge[channel](input),
    on: (event, listener) => bridge.on(event, listener),
  };
}

interface MessageEventLike {
  data: unknown;
}
interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEventLike) => void): void;
  removeEventListener(type: string, listener: (event: MessageEventLike) => void): void;
  close(): void;
}
type EventSourceConstructor = new (url: string) => EventSourceLike;
type FetchFunction = (input: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ json(): Promise<unknown>; status: number }>;

export interface HarnessTransportOptions {
  /** The harness's origin, e.g. location.origin. */
  baseUrl: string;
  /** The per-run token the harness printed (the page reads it from `?token=`). */
  token: string;
  /** Defaults to the global fetch / EventSource (a browser); tests under Node may pass their own. */
  fetch?: FetchFunction;
  EventSource?: EventSourceConstructor;
}

/** The browser harness: POST /rpc/<channel> with the token header; events over SSE. */
export function harnessTransport(options: HarnessTransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '');
  // Wrapped, not passed as is: an unbound window.fetch throws "Illegal invocation".
  const doFetch: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let source: EventSourceLike | undefined;
  let subscribers = 0;
  return {
    async invoke(channel, input) {
      const response = await doFetch(`${base}/rpc/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Concilia-Token': options.token },
        body: JSON.stringify({ input }),
      });
      return response.json();
    },
    on(event, listener) {
      const Ctor = options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
      if (!Ctor) return () => undefined;
      source ??= new Ctor(`${base}/events?token=${encodeURIComponent(options.token)}`);
      const current = source;
      const handler = (message: MessageEventLike): void => {
        if (typeof message.data !== 'string') return;
        try {
          listener(JSON.parse(message.data));
        } catch {
          // A malformed event is dropped: the client validates shapes and must not crash the page.
        }
      };
      current.addEventListener(event, handler);
      subscribers += 1;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        current.removeEventListener(event, handler);
        subscribers -= 1;
        if (subscribers === 0 && source === current) {
          current.close();
          source = undefined;
        }
      };
    },
  };
}

/**
 * Pick the transport for this page: the preload's bridge inside Electron, else the harness
 * (token from `?token=`). Returns null when neither is available (opened without a token).
 */
export function transportForWindow(win: { concilia?: ConciliaBridge; location: { origin: string; search: string } }): Transport | null {
  if (win.concilia) return preloadTransport(win.concilia);
  const token = new URLSearchParams(win.location.search).get('token');
  if (!token) return null;
  return harnessTransport({ baseUrl: win.location.origin, token });
}
