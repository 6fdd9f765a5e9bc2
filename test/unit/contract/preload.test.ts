import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../../electron/contract/index.ts';

// Electron cannot run here: stand in for the two objects the preload touches, and look at what
// it exposes to the page.
const exposed: Record<string, unknown> = {};
const invoke = vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: null }));
const listeners = new Map<string, (...args: unknown[]) => void>();
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: {
    invoke,
    on: (event: string, listener: (...args: unknown[]) => void) => listeners.set(event, listener),
    removeListener: (event: string) => listeners.delete(event),
  },
}));

describe('the preload', () => {
  beforeAll(async () => {
    await import('../../../electron/preload/index.ts');
  });

  it('exposes exactly one function per contract channel, plus on — never ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['concilia']);
    const bridge = exposed.concilia as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('binds each function to its own fixed channel', async () => {
    const bridge = exposed.concilia as Record<string, (input?: unknown) => Promise<unknown>>;
    for (const channel of CHANNEL_NAMES) {
      invoke.mockClear();
      await bridge[channel]?.({ probe: channel });
      expect(invoke).toHaveBeenCalledWith(channel, { probe: channel });
    }
  });

  it('subscribes only to contract events and returns an unsubscribe', () => {
    const bridge = exposed.concilia as { on: (event: string, listener: (payload: unknown) => void) => () => void };
    const seen: unknown[] = [];
    const off = bridge.on('sync:onDidProgress', (payload) => seen.push(payload));
    listeners.get('sync:onDidProgress')?.({ sender: 'ignored' }, { jobId: 'j' });
    expect(seen).toEqual([{ jobId: 'j' }]);
    off();
    expect(listeners.has('sync:onDidProgress')).toBe(false);
    expect(() => bridge.on('some:otherChannel', () => undefined)).toThrow();
  });
});
