import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  channels,
  createClient,
  events,
  harnessTransport,
  isResult,
  transportForWindow,
  type Channel,
  type EventName,
  type Transport,
} from '../../../electron/contract/index.ts';

describe('the contract', () => {
  it('names every channel once, as domain:verb', () => {
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
    for (const name of CHANNEL_NAMES) expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
  });

  it('gives every channel an input and an output zod schema, and no channel is missing or extra', () => {
    expect(Object.keys(channels).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const name of CHANNEL_NAMES) {
      const spec = channels[name];
      expect(spec.input, name).toBeInstanceOf(z.ZodType);
      expect(spec.output, name).toBeInstanceOf(z.ZodType);
    }
  });

  it('gives every event a schema, named onDid…', () => {
    expect(Object.keys(events).sort()).toEqual([...EVENT_NAMES].sort());
    for (const name of EVENT_NAMES) {
      expect(name).toMatch(/^[a-z]+:onDid[A-Z]/);
      expect(events[name]).toBeInstanceOf(z.ZodType);
    }
  });

  it('has strict inputs: an unknown key is refused, not ignored', () => {
    const parsed = channels['connections:credentialStatus'].input.safeParse({ name: 'acme', token: 'x' });
    expect(parsed.success).toBe(false);
  });

  it('strips unknown keys from outputs, so nothing unnamed reaches the window', () => {
    const parsed = channels['connections:credentialStatus'].output.parse({
      hasToken: true,
      hasApiKey: false,
      required: ['token', 'apiKey'],
      protection: 'os',
      token: 'should-not-pass',
    });
    expect(parsed).toEqual({ hasToken: true, hasApiKey: false, required: ['token', 'apiKey'], protection: 'os' });
  });

  it('never carries a secret value in any output schema (only booleans about credentials)', () => {
    const status = channels['connections:credentialStatus'].output;
    expect(Object.keys(status.shape).sort()).toEqual(['hasApiKey', 'hasToken', 'protection', 'required']);
  });

  it('refuses impossible dates and reversed ranges', () => {
    const input = channels['sync:start'].input;
    expect(input.safeParse({ connection: 'a', from: '2026-02-30', to: '2026-03-01', period: 'month' }).success).toBe(false);
    expect(input.safeParse({ connection: 'a', from: '2026-03-02', to: '2026-03-01', period: 'month' }).success).toBe(false);
    expect(input.safeParse({ connection: 'a', from: '2026-01-01', to: '2026-03-01', period: 'month' }).success).toBe(true);
  });
});

describe('createClient', () => {
  function recordingTransport(answer: (channel: Channel, input: unknown) => unknown): Transport & { calls: [Channel, unknown][]; emit(event: EventName, payload: unknown): void } {
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const calls: [Channel, unknown][] = [];
    return {
      calls,
      invoke(channel, input) {
        calls.push([channel, input]);
        return Promise.resolve(answer(channel, input));
      },
      on(event, listener) {
        const set = listeners.get(event) ?? new Set();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
      emit(event, payload) {
        for (const l of listeners.get(event) ?? []) l(payload);
      },
    };
  }

  it('has one function per channel, each passing its own channel name', async () => {
    const transport = recordingTransport(() => ({ ok: true, value: null }));
    const api = createClient(transport);
    for (const name of CHANNEL_NAMES) {
      expect(typeof api[name], name).toBe('function');
    }
    await api['sync:cancel']({ jobId: 'j1' });
    await api['app:info']();
    expect(transport.calls).toEqual([
      ['sync:cancel', { jobId: 'j1' }],
      ['app:info', {}],
    ]);
  });

  it('turns a transport failure or a malformed answer into an error Result, never a throw', async () => {
    const failing: Transport = { invoke: () => Promise.reject(new Error('socket hang up')), on: () => () => undefined };
    const failed = await createClient(failing)['app:info']();
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.kind).toBe('transport');
    const odd = await createClient(recordingTransport(() => 'not a result'))['app:info']();
    expect(odd.ok).toBe(false);
  });

  it('delivers only events that match the contract', () => {
    const transport = recordingTransport(() => null);
    const api = createClient(transport);
    const seen: unknown[] = [];
    const off = api.on('menu:onDidInvoke', (payload) => seen.push(payload.command));
    transport.emit('menu:onDidInvoke', { command: 'export' });
    transport.emit('menu:onDidInvoke', { command: 'format-disk' });
    off();
    transport.emit('menu:onDidInvoke', { command: 'sync' });
    expect(seen).toEqual(['export']);
  });

  it('harnessTransport posts {input} to /rpc/<channel> with the token header', async () => {
    const fetch = vi.fn((_url: string, _init: { method: string; headers: Record<string, string>; body: string }) =>
      Promise.resolve({ status: 200, json: () => Promise.resolve({ ok: true, value: { cancelled: false } }) }),
    );
    const api = createClient(harnessTransport({ baseUrl: 'http://127.0.0.1:5000/', token: 'tok', fetch }));
    const answer = await api['sync:cancel']({ jobId: 'x' });
    expect(answer).toEqual({ ok: true, value: { cancelled: false } });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('http://127.0.0.1:5000/rpc/sync:cancel');
    expect(init?.method).toBe('POST');
    expect(init?.headers['X-Concilia-Token']).toBe('tok');
    expect(JSON.parse(init?.body ?? '')).toEqual({ input: { jobId: 'x' } });
  });

  it('picks the preload bridge inside Electron, the harness with ?token=, and nothing otherwise', () => {
    expect(transportForWindow({ location: { origin: 'http://127.0.0.1:1', search: '' } })).toBeNull();
    expect(transportForWindow({ location: { origin: 'http://127.0.0.1:1', search: '?token=abc' } })).not.toBeNull();
  });

  it('isResult accepts only the two Result shapes', () => {
    expect(isResult({ ok: true, value: 1 })).toBe(true);
    expect(isResult({ ok: false, error: { message: 'x' } })).toBe(true);
    expect(isResult({ ok: false, error: 'x' })).toBe(false);
    expect(isResult({ ok: true })).toBe(false);
  });
});
