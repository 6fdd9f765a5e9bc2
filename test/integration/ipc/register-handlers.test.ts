import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../electron/contract/index.ts';
import { OUR_WEB_CONTENTS, startMainStandIn, type MainStandIn } from './support.ts';

let main: MainStandIn | undefined;

function disposedFrame(): { url: string; parent: unknown } {
  const gone = (): never => {
    throw new Error('Render frame was disposed before WebFrameMain could be accessed');
  };
  return {
    get url(): string {
      return gone();
    },
    get parent(): unknown {
      return gone();
    },
  };
}
afterEach(async () => {
  await main?.close();
  main = undefined;
});

describe('registerHandlers (the one IPC wrapper)', () => {
  it('registers every contract channel, and nothing else', () => {
    main = startMainStandIn();
    expect([...main.ipc.listeners.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('refuses a sender that is not the main frame of our window showing our page', async () => {
    main = startMainStandIn();
    const refused = [
      { sender: OUR_WEB_CONTENTS, senderFrame: { url: 'concilia://app/index.html', parent: { url: 'concilia://app/' } } },
      { sender: OUR_WEB_CONTENTS, senderFrame: { url: 'https://attacker.example/', parent: null } },
      { sender: { id: 99 }, senderFrame: { url: 'concilia://app/index.html', parent: null } },
      { sender: OUR_WEB_CONTENTS, senderFrame: null },
      // A frame destroyed while its request travelled: Electron throws on every read of it.
      { sender: OUR_WEB_CONTENTS, senderFrame: disposedFrame() },
      { sender: OUR_WEB_CONTENTS, senderFrame: { url: 'concilia://app/index.html', parent: null, isDestroyed: () => true } },
    ];
    for (const event of refused) {
      const answer = await main.ipc.invoke('connections:list', [{}], event);
      expect(answer).toEqual({ ok: false, error: { message: expect.stringContaining('refused') as string, kind: 'untrusted_sender' } });
    }
    // And nothing ran: adding through an untrusted frame leaves no connection behind.
    await main.ipc.invoke('connections:add', [{ kind: 'payg', name: 'sneaky', baseUrl: 'http://127.0.0.1:9' }], refused[1]);
    const list = await main.ipc.invoke('connections:list', [{}]);
    expect(list).toEqual({ ok: true, value: [] });
  });

  it('refuses a bad payload with a clear message naming the field', async () => {
    main = startMainStandIn();
    const answer = await main.ipc.invoke('sync:start', [{ connection: 'acme', from: '2026-1-5', to: '2026-02-30', period: 'month' }]);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.kind).toBe('invalid_input');
    expect(answer.error.message).toMatch(/from: must be a date as YYYY-MM-DD/);
    expect(answer.error.message).toMatch(/to: is not a date on the calendar/);
    expect(answer.error.message).not.toMatch(/\n\s+at /);
    const wrongType = await main.ipc.invoke('review:set', [{ connection: 'acme', itemKeys: 'P|1|2026-01-01', state: 'done', author: 'A' }]);
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.error.message).toMatch(/itemKeys.*state|state.*itemKeys/s);
    const extra = await main.ipc.invoke('connections:list', [{}, 'extra']);
    expect(extra.ok).toBe(false);
  });

  it('validates the OUTPUT too: an answer that breaks the contract is not passed on', async () => {
    main = startMainStandIn({
      override: {
        // A buggy handler that would leak a field the contract does not name, and break a type.
        'connections:credentialStatus': () =>
          Promise.resolve({ hasToken: 'yes', hasApiKey: true, required: ['apiKey'], protection: 'os', token: 'leaked' } as never),
      },
    });
    const answer = await main.ipc.invoke('connections:credentialStatus', [{ name: 'acme' }]);
    expect(answer).toEqual({ ok: false, error: { message: expect.stringContaining('could not check') as string, kind: 'invalid_output' } });
    expect(JSON.stringify(answer)).not.toContain('leaked');
    expect(main.logs.join('\n')).toContain('hasToken');
  });

  it('answers a handler failure as {ok: false} with the reason, never a stack', async () => {
    main = startMainStandIn();
    const answer = await main.ipc.invoke('connections:credentialStatus', [{ name: 'nobody' }]);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.kind).toBe('not_found');
    expect(answer.error.message).toMatch(/no connection named "nobody"/);
    expect(answer.error.message).not.toMatch(/\.ts:\d+/);
  });
});
