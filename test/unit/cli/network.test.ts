/** When a network command must be run again with Node's proxy support, and with what environment. */
import { describe, expect, it } from 'vitest';
import { planProxy } from '../../../electron/cli/network.ts';
import { commands } from '../../../electron/cli/commands/index.ts';

describe('planProxy', () => {
  it('does nothing without a proxy, or when Node already follows it', () => {
    expect(planProxy({}, '22.23.0')).toEqual({ kind: 'none' });
    expect(planProxy({ HTTPS_PROXY: 'http://proxy.corp:3128', NODE_USE_ENV_PROXY: '1' }, '22.23.0')).toEqual({ kind: 'none' });
  });

  it('relaunches with the proxy on, keeping NO_PROXY and adding loopback to it', () => {
    const plan = planProxy({ https_proxy: 'http://proxy.corp:3128', NO_PROXY: '.corp.example, intranet' }, '22.23.0');
    expect(plan).toEqual({
      kind: 'relaunch',
      env: expect.objectContaining({ https_proxy: 'http://proxy.corp:3128', NODE_USE_ENV_PROXY: '1', NO_PROXY: '.corp.example,intranet,localhost,127.0.0.1,::1', no_proxy: '.corp.example,intranet,localhost,127.0.0.1,::1' }) as unknown,
    });
    // The lower-case variable wins, as in Node's own proxy agent.
    const lower = planProxy({ HTTP_PROXY: 'http://p:1', no_proxy: 'a.example', NO_PROXY: 'b.example' }, '24.1.0');
    expect(lower.kind === 'relaunch' ? lower.env.no_proxy : '').toBe('a.example,localhost,127.0.0.1,::1');
  });

  it('says so when this Node cannot send fetch through a proxy', () => {
    const plan = planProxy({ HTTPS_PROXY: 'http://proxy.corp:3128' }, '22.12.0');
    expect(plan.kind).toBe('unsupported');
    expect(plan.kind === 'unsupported' ? plan.message : '').toMatch(/use Node\.js 22\.21 or newer/);
  });

  it('applies to the commands that reach an upstream, and only those', () => {
    const networked = Object.entries(commands)
      .flatMap(([name, entry]) => [[name], [name, 'test'], [name, 'list']].filter((args) => entry.usesNetwork?.(args.slice(1)) === true).map((args) => args.join(' ')));
    expect(networked).toEqual(['source test', 'sync', 'sync test', 'sync list']);
  });
});
